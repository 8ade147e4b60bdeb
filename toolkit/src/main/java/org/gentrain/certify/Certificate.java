package org.gentrain.certify;

/**
 * The outcome of certifying one input: the smoothed classifier's class, or {@link #ABSTAIN}, with
 * the certified L2 radius within which that class cannot change (with probability at least
 * {@code 1 - alpha} over the sampling).
 *
 * @param predictedClass the class, or {@link #ABSTAIN}
 * @param radius the certified L2 radius, {@code sigma * Phi^-1(pALower)}; 0 when abstaining
 * @param pALower the one-sided lower confidence bound on the top class's probability
 * @param countA how many of the {@code n} noisy samples the model gave the top class
 * @param samples {@code n}
 */
public record Certificate(int predictedClass, double radius, double pALower, long countA, long samples) {

    /** The class value of an abstention. */
    public static final int ABSTAIN = -1;

    /** Whether the smoothed classifier abstained. */
    public boolean abstained() {
        return predictedClass == ABSTAIN;
    }

    /** Whether this certificate classifies {@code label} correctly at radius at least {@code r}. */
    public boolean certifiedCorrect(int label, double r) {
        return !abstained() && predictedClass == label && radius >= r;
    }
}
