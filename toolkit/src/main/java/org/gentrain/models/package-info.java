/**
 * Models built from DJL blocks, and searching a model's block tree. Shared layer: imports no
 * technique.
 */
package org.gentrain.models;
