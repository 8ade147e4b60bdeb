package org.gentrain.robust;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gentrain.certify.Certificate;
import org.gentrain.certify.RandomizedSmoothing;
import org.gentrain.data.ImageSet;
import org.gentrain.train.Checks;
import org.gentrain.viz.Charts;
import org.knowm.xchart.XYChart;

/**
 * Certified robustness of a smoothed classifier over a test set (Cohen, Rosenfeld, Kolter 2019),
 * from one certificate per example ({@link RandomizedSmoothing#certify}):
 *
 * <ul>
 *   <li>certified accuracy at radius {@code r}: the fraction of examples certified with the true
 *       class at a radius of at least {@code r};
 *   <li>the average certified radius (Zhai et al., "MACER", ICLR 2020): {@code ACR = (1/N) sum_i
 *       R_i [g(x_i) = y_i]}, the certified radius of correctly certified examples and 0 for wrong or
 *       abstained ones, averaged over all examples;
 *   <li>the abstention rate: the fraction of examples the smoothed classifier abstains on.
 * </ul>
 *
 * Radii are in the units of the noise the classifier was smoothed with: with {@link
 * RandomizedSmoothing.Builder#setClassifier(org.gentrain.train.Learner)}, the model's normalised
 * input (one pixel unit is {@code 1 / std} there), as for {@code GaussianNoise}; with {@link
 * #certifyPixels} and {@link TargetModel#pixelClassifier()}, pixel units as in Cohen et al.
 */
public final class CertificationCurve {

    private final double[] radii;
    private final double[] certifiedAccuracy;
    private final double averageRadius;
    private final double abstentionRate;
    private final int examples;

    private CertificationCurve(
            double[] radii, double[] certifiedAccuracy, double averageRadius, double abstentionRate, int examples) {
        this.radii = radii;
        this.certifiedAccuracy = certifiedAccuracy;
        this.averageRadius = averageRadius;
        this.abstentionRate = abstentionRate;
        this.examples = examples;
    }

    /**
     * The curve of certificates already computed.
     *
     * @param certificates one per example
     * @param labels the true labels, as many as the certificates
     * @param radii the radii to report, each finite and {@code >= 0}
     */
    public static CertificationCurve of(List<Certificate> certificates, long[] labels, double... radii) {
        Checks.required("certificates", certificates);
        Checks.required("labels", labels);
        double[] checked = checkRadii(radii);
        if (certificates.size() != labels.length) {
            throw new IllegalArgumentException("labels must match the certificates: " + labels.length + " labels for "
                    + certificates.size() + " certificates");
        }
        int n = labels.length;
        double[] accuracy = new double[checked.length];
        double radiusSum = 0;
        long abstained = 0;
        for (int i = 0; i < n; i++) {
            Certificate certificate = certificates.get(i);
            if (certificate.abstained()) {
                abstained++;
            } else if (certificate.predictedClass() == labels[i]) {
                radiusSum += certificate.radius();
            }
            for (int k = 0; k < checked.length; k++) {
                if (certificate.certifiedCorrect((int) labels[i], checked[k])) {
                    accuracy[k]++;
                }
            }
        }
        for (int k = 0; k < checked.length; k++) {
            accuracy[k] = n == 0 ? 0 : accuracy[k] / n;
        }
        return new CertificationCurve(
                checked, accuracy, n == 0 ? 0 : radiusSum / n, n == 0 ? 0 : (double) abstained / n, n);
    }

    /**
     * Certifies every image of {@code test} (one image at a time, each in a sub-manager of {@code
     * manager} closed after it; the smoothing batches its noisy samples) and reports the curve.
     *
     * @param manager a manager on the classifier's device
     */
    public static CertificationCurve certify(
            RandomizedSmoothing smoothing, ImageSet test, NDManager manager, double... radii) {
        Checks.required("smoothing", smoothing);
        Checks.required("test", test);
        Checks.required("manager", manager);
        double[] checked = checkRadii(radii);
        List<Certificate> certificates = new ArrayList<>(test.size());
        long[] labels = new long[test.size()];
        for (int i = 0; i < test.size(); i++) {
            labels[i] = test.label(i);
            try (NDManager one = manager.newSubManager()) {
                NDArray image = one.create(test.image(i), test.imageShape());
                certificates.add(smoothing.certify(image));
            }
        }
        return of(certificates, labels, checked);
    }

    /**
     * Certifies every image of {@code test} in pixel units: each stored (normalised) image is mapped
     * to pixels with {@code pixelSpace} before the smoothing adds its noise, so the smoothing's
     * classifier must read pixels ({@link TargetModel#pixelClassifier()}), and its sigma and the
     * radii are in pixel units, as in Cohen et al.
     */
    public static CertificationCurve certifyPixels(
            RandomizedSmoothing smoothing, ImageSet test, NDManager manager, PixelSpace pixelSpace, double... radii) {
        Checks.required("smoothing", smoothing);
        Checks.required("test", test);
        Checks.required("manager", manager);
        Checks.required("pixelSpace", pixelSpace);
        pixelSpace.checkImageShape(test.imageShape());
        double[] checked = checkRadii(radii);
        List<Certificate> certificates = new ArrayList<>(test.size());
        long[] labels = new long[test.size()];
        for (int i = 0; i < test.size(); i++) {
            labels[i] = test.label(i);
            try (NDManager one = manager.newSubManager()) {
                NDArray image = one.create(test.image(i), new ai.djl.ndarray.types.Shape(1).addAll(test.imageShape()));
                certificates.add(smoothing.certify(pixelSpace.toPixels(image).squeeze(0)));
            }
        }
        return of(certificates, labels, checked);
    }

    private static double[] checkRadii(double[] radii) {
        if (radii == null || radii.length == 0) {
            throw new IllegalArgumentException("radii must name at least one radius, such as 0, 0.25, 0.5");
        }
        for (double radius : radii) {
            Checks.atLeast("radius", radius, 0);
            if (Double.isInfinite(radius)) {
                throw new IllegalArgumentException("radius must be finite, was " + radius);
            }
        }
        return radii.clone();
    }

    /** The radii, in the order given. */
    public double[] radii() {
        return radii.clone();
    }

    /** Certified accuracy at each radius, in the order of {@link #radii()}. */
    public double[] certifiedAccuracy() {
        return certifiedAccuracy.clone();
    }

    /** Certified accuracy at the given radius, which must be one of {@link #radii()}. */
    public double certifiedAccuracy(double radius) {
        for (int k = 0; k < radii.length; k++) {
            if (radii[k] == radius) {
                return certifiedAccuracy[k];
            }
        }
        throw new IllegalArgumentException("radius must be one of " + Arrays.toString(radii) + ", was " + radius);
    }

    /** The average certified radius, ACR. */
    public double averageRadius() {
        return averageRadius;
    }

    /** The fraction of examples the smoothed classifier abstained on. */
    public double abstentionRate() {
        return abstentionRate;
    }

    /** The number of examples. */
    public int examples() {
        return examples;
    }

    /**
     * Certified accuracy (%) against radius, one line per arm.
     *
     * @param curves the curves by arm name, in the legend's order
     */
    public static XYChart chart(Map<String, CertificationCurve> curves) {
        List<Charts.Series> series = new ArrayList<>();
        for (Map.Entry<String, CertificationCurve> entry : curves.entrySet()) {
            CertificationCurve curve = entry.getValue();
            double[] percent =
                    Arrays.stream(curve.certifiedAccuracy).map(a -> 100 * a).toArray();
            series.add(new Charts.Series(entry.getKey(), curve.radii(), percent));
        }
        return Charts.lines(
                "Certified accuracy against radius (randomised smoothing)",
                "L2 radius",
                "Certified accuracy (%)",
                series);
    }

    @Override
    public String toString() {
        return "CertificationCurve(radii " + Arrays.toString(radii) + ", certified accuracy "
                + Arrays.toString(certifiedAccuracy) + ", ACR " + averageRadius + ", abstention " + abstentionRate
                + ", " + examples + " examples)";
    }
}
