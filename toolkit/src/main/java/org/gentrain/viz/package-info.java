/**
 * Charts (XChart) and notebook display of charts, images and tables. Shared layer: imports no
 * technique.
 */
package org.gentrain.viz;
