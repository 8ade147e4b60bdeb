package org.gentrain.models;

import ai.djl.nn.Block;

/** Searching a model's tree of blocks. */
public final class BlockSearch {

    private BlockSearch() {}

    /** Whether {@code block} or any block nested in it is a {@code kind}. */
    public static boolean contains(Block block, Class<? extends Block> kind) {
        if (kind.isInstance(block)) {
            return true;
        }
        for (Block child : block.getChildren().values()) {
            if (contains(child, kind)) {
                return true;
            }
        }
        return false;
    }
}
