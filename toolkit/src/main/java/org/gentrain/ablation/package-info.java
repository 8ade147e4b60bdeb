/**
 * Ablations: every arm with every seed on the same data, compared in tables (Tablesaw) and charts
 * (XChart), with checkpoints, resume and paired confidence intervals. {@link
 * org.gentrain.ablation.Ablation} takes arm names, arms of your own (a recipe factory), models, and
 * per-run hooks; it imports no technique.
 */
package org.gentrain.ablation;
