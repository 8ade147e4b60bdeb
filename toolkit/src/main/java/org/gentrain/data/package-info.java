/**
 * Data sets (Fashion-MNIST, MNIST, CIFAR) in their official file formats, found in a fixed search
 * order that every run reports, normalised and uploaded once to the training device. Shared layer:
 * imports no technique.
 */
package org.gentrain.data;
