package io.asynciotck.benchmarks.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The median of some measurements, with their least and greatest. */
public record Spread(double median, double min, double max, int count) {

    public static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
    }

    /**
     * The ratios {@code a[i] / b[i]} of paired measurements (the same round, one after the other), whose
     * spread says more than a ratio of medians does about how stable the comparison is.
     */
    public static Spread ofRatios(List<Double> a, List<Double> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("unpaired: " + a.size() + " and " + b.size() + " values");
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            ratios.add(a.get(i) / b.get(i));
        }
        return of(ratios);
    }

    /** {@code 0.97 (0.95–0.99)}, or just the median when there is one value. */
    public String ratioText() {
        return count == 1
                ? String.format(Locale.ROOT, "%.2f", median)
                : String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", median, min, max);
    }
}
