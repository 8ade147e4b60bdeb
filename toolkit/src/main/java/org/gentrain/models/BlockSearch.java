package org.gentrain.models;

import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Searching and rewriting a model's tree of blocks, whatever its shape: {@link SequentialBlock}s,
 * {@link ParallelBlock}s (the branches of a residual unit), custom composite blocks, nested to any
 * depth. The energy regularisers find the convolutions and linear layers they measure with {@link
 * #find}, and orthogonal over-parameterisation finds and then {@link #replace}s them.
 *
 * <pre>{@code
 * for (BlockSearch.Found found : BlockSearch.find(model, Conv2d.class)) {
 *     model = BlockSearch.replace(model, found, rewritten(found.block()));
 * }
 * }</pre>
 */
public final class BlockSearch {

    private BlockSearch() {}

    /**
     * A block found in a model.
     *
     * @param path the keys of {@link Block#getChildren()} from the root down to the block, joined
     *     with {@code /} (such as {@code 04ParallelBlock/01SequentialBlock/01Conv2d}); empty for the
     *     root itself
     * @param parent the block whose direct child it is, or null for the root
     * @param name its key among its parent's children, or empty for the root
     * @param block the block
     */
    public record Found(String path, Block parent, String name, Block block) {}

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

    /**
     * Every block of {@code kind} in the tree of {@code root} (the root included), in the order a
     * depth-first walk over the children meets them, which is the order a sequential model applies
     * them; the children of a block found are not searched.
     */
    public static List<Found> find(Block root, Class<? extends Block> kind) {
        return find(root, kind::isInstance);
    }

    /**
     * Every block that {@code match} accepts in the tree of {@code root} (the root included), in
     * depth-first order over the children; the children of a block found are not searched.
     */
    public static List<Found> find(Block root, Predicate<? super Block> match) {
        List<Found> found = new ArrayList<>();
        collect(null, "", "", root, match, found);
        return List.copyOf(found);
    }

    private static void collect(
            Block parent, String path, String name, Block block, Predicate<? super Block> match, List<Found> out) {
        if (match.test(block)) {
            out.add(new Found(path, parent, name, block));
            return;
        }
        for (Pair<String, Block> child : block.getChildren()) {
            String childPath = path.isEmpty() ? child.getKey() : path + "/" + child.getKey();
            collect(block, childPath, child.getKey(), child.getValue(), match, out);
        }
    }

    /**
     * Whether {@link #replace} can put another block in the place of one found: the root, or a
     * child of a {@link SequentialBlock}, a {@link ParallelBlock} or a {@link ReplaceableChildren}
     * block.
     */
    public static boolean isReplaceable(Found found) {
        Block parent = found.parent();
        return parent == null
                || parent instanceof ReplaceableChildren
                || parent instanceof SequentialBlock
                || parent instanceof ParallelBlock;
    }

    /**
     * Puts {@code replacement} in the place of a block found in {@code root}, which must not be
     * initialised yet; the parent is changed in place. A {@link SequentialBlock} names the new child
     * as its {@code add} would ({@code 01Conv2d} becomes {@code 01OrthogonalConv2d}); so does a
     * {@link ParallelBlock} for a child it had named itself; a {@link ReplaceableChildren} block
     * keeps the name. The other blocks found in the same walk stay valid places to replace.
     *
     * @return the root of the rewritten model: {@code root}, or {@code replacement} if the block
     *     found was the root
     * @throws IllegalArgumentException if the parent is a composite block of another kind, naming it
     *     and the path
     */
    public static Block replace(Block root, Found found, Block replacement) {
        if (replacement == null) {
            throw new IllegalArgumentException("replacement of '" + found.path() + "' must be a block, was null");
        }
        Block parent = found.parent();
        if (parent == null) {
            return replacement;
        }
        if (parent instanceof ReplaceableChildren) {
            ((ReplaceableChildren) parent).replaceChild(found.name(), replacement);
        } else if (parent instanceof SequentialBlock) {
            replaceInSequence((SequentialBlock) parent, found, replacement);
        } else if (parent instanceof ParallelBlock) {
            replaceInParallel((ParallelBlock) parent, found, replacement);
        } else {
            throw new IllegalArgumentException("cannot replace '" + found.path() + "': " + whyNotReplaceable(found));
        }
        return root;
    }

    /** Why a block found cannot be replaced, for error messages; {@link #isReplaceable} is false. */
    public static String whyNotReplaceable(Found found) {
        return "its parent " + found.parent().getClass().getName() + " is neither a SequentialBlock, a ParallelBlock"
                + " nor a " + ReplaceableChildren.class.getName();
    }

    /** Takes the children from the block's position on off the end and adds them back, the new one first. */
    private static void replaceInSequence(SequentialBlock parent, Found found, Block replacement) {
        List<Block> children = new ArrayList<>(parent.getChildren().values());
        int index = indexOf(children, found);
        for (int i = children.size() - 1; i >= index; i--) {
            parent.removeLastBlock();
        }
        parent.add(replacement);
        for (int i = index + 1; i < children.size(); i++) {
            parent.add(children.get(i));
        }
    }

    /** A ParallelBlock offers no way to remove a branch, so its child list is edited in place. */
    private static void replaceInParallel(ParallelBlock parent, Found found, Block replacement) {
        BlockList children = childList(parent);
        int index = indexOf(children.values(), found);
        String key = children.keyAt(index);
        String numbered = String.format(java.util.Locale.ROOT, "%02d", index + 1);
        if (key.equals(numbered + found.block().getClass().getSimpleName())) {
            key = numbered + replacement.getClass().getSimpleName();
        }
        children.remove(index);
        children.add(index, key, replacement);
    }

    private static int indexOf(List<Block> children, Found found) {
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i) == found.block()) {
                return i;
            }
        }
        throw new IllegalArgumentException("'" + found.path() + "' is no longer a child of its parent "
                + found.parent().getClass().getSimpleName());
    }

    private static BlockList childList(AbstractBlock block) {
        try {
            Field field = AbstractBlock.class.getDeclaredField("children");
            field.setAccessible(true);
            return (BlockList) field.get(block);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot edit the children of " + block.getClass().getName() + " with this version of DJL", e);
        }
    }
}
