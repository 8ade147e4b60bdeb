package org.gentrain.models;

import ai.djl.nn.Block;
import ai.djl.nn.BlockList;

/**
 * A composite block whose direct children can be swapped before it is initialised, so that a model
 * transform (such as orthogonal over-parameterisation, which replaces every convolution) can rewrite
 * a model built from it. {@link BlockSearch#replace} handles DJL's {@code SequentialBlock} and
 * {@code ParallelBlock} itself; any other block with children implements this interface, or a
 * transform that must replace one of its children stops with an error naming it.
 *
 * <p>A block that keeps its children in fields as well as in {@code children} (the usual way to
 * write a residual unit) updates both:
 *
 * <pre>{@code
 * final class ResidualUnit extends AbstractBlock implements ReplaceableChildren {
 *     private Block body = addChildBlock("body", ...);
 *     private Block shortcut = addChildBlock("shortcut", ...);
 *
 *     public void replaceChild(String name, Block replacement) {
 *         ReplaceableChildren.replaceEntry(children, name, replacement);
 *         switch (name) {
 *             case "01body" -> body = replacement;
 *             case "02shortcut" -> shortcut = replacement;
 *             default -> throw new IllegalStateException(name);
 *         }
 *     }
 * }
 * }</pre>
 */
public interface ReplaceableChildren {

    /**
     * Replaces the direct child listed under {@code name} in {@link Block#getChildren()} by {@code
     * replacement}, which keeps that name: from now on the forward pass, the output shapes, the
     * initialisation and the parameters are the replacement's. Called before the block is
     * initialised.
     *
     * @param name the child's key in {@link Block#getChildren()}, such as {@code 01body}
     * @param replacement the block that takes its place, not yet initialised
     * @throws IllegalArgumentException if no direct child has that name
     */
    void replaceChild(String name, Block replacement);

    /**
     * Replaces the entry {@code name} of a block's own child list (an {@code AbstractBlock}'s
     * {@code children}) in place, keeping its key and position.
     *
     * @throws IllegalArgumentException naming the key and the keys there are, if it is absent
     */
    static void replaceEntry(BlockList children, String name, Block replacement) {
        int index = children.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("child must be one of " + children.keys() + ", was '" + name + "'");
        }
        if (replacement == null) {
            throw new IllegalArgumentException("replacement of child '" + name + "' must be a block, was null");
        }
        children.remove(index);
        children.add(index, name, replacement);
    }
}
