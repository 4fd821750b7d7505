package org.chartvault.capture;

import com.google.zxing.common.BitArray;
import com.google.zxing.common.BitMatrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Connected patches of ink on a binarised page, found run by run (8-connected). ZXing's DataMatrix detector
 * only looks at the middle of the image it is given, so capture finds blobs shaped like a DataMatrix symbol (a
 * dense, roughly square patch with white around it) and hands the reader each one centred in its own crop.
 */
final class InkBlobs {
    private InkBlobs() {
    }

    /** A blob's bounding box (inclusive) and how many black pixels it has. */
    record Blob(int left, int top, int right, int bottom, long ink) {
        int width() {
            return right - left + 1;
        }

        int height() {
            return bottom - top + 1;
        }

        double fill() {
            return ink / ((double) width() * height());
        }
    }

    /**
     * Blobs whose sides are {@code minSide..maxSide} pixels, at most {@code maxAspect} times longer one way than
     * the other, and 20-85 % black (a symbol is about half black; letters are thinner, filled boxes fuller);
     * the largest first, at most {@code limit}.
     */
    static List<Blob> symbolLike(BitMatrix black, int minSide, int maxSide, double maxAspect, int limit) {
        return all(black).stream()
                .filter(b -> b.width() >= minSide && b.height() >= minSide && b.width() <= maxSide && b.height() <= maxSide)
                .filter(b -> Math.max(b.width(), b.height()) <= maxAspect * Math.min(b.width(), b.height()))
                .filter(b -> b.fill() >= 0.2 && b.fill() <= 0.85)
                .sorted(Comparator.comparingLong(b -> -(long) b.width() * b.height()))
                .limit(limit)
                .toList();
    }

    static List<Blob> all(BitMatrix black) {
        int width = black.getWidth(), height = black.getHeight();
        // runs of the previous and the current row: start, end (exclusive), label
        int[] prev = new int[16 * 3], cur = new int[16 * 3];
        int prevCount = 0;
        UnionFind labels = new UnionFind();
        List<int[]> boxes = new ArrayList<>();   // per label: left, top, right, bottom, ink (low 31 bits), ink (high)
        BitArray row = new BitArray(width);
        for (int y = 0; y < height; y++) {
            row = black.getRow(y, row);
            int curCount = 0;
            int x = row.getNextSet(0);
            int p = 0;
            while (x < width) {
                int end = row.getNextUnset(x);
                if ((curCount + 1) * 3 > cur.length) cur = Arrays.copyOf(cur, cur.length * 2);
                int label = -1;
                // previous-row runs touching [x - 1, end] (8-connectivity)
                while (p < prevCount && prev[p * 3 + 1] < x) p++;
                for (int q = p; q < prevCount && prev[q * 3] <= end; q++) {
                    int other = prev[q * 3 + 2];
                    label = label < 0 ? labels.find(other) : labels.union(label, other);
                }
                if (label < 0) {
                    label = labels.add();
                    boxes.add(new int[] {x, y, end - 1, y, 0});
                }
                int[] box = boxes.get(label);
                box[0] = Math.min(box[0], x);
                box[2] = Math.max(box[2], end - 1);
                box[3] = y;
                box[4] += end - x;
                cur[curCount * 3] = x;
                cur[curCount * 3 + 1] = end;
                cur[curCount * 3 + 2] = label;
                curCount++;
                x = end < width ? row.getNextSet(end) : width;
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
            prevCount = curCount;
        }
        // fold every label's box into its root's
        List<Blob> blobs = new ArrayList<>();
        int[][] merged = new int[boxes.size()][];
        for (int label = 0; label < boxes.size(); label++) {
            int root = labels.find(label);
            int[] box = boxes.get(label);
            if (merged[root] == null) {
                merged[root] = box.clone();
            } else {
                int[] m = merged[root];
                m[0] = Math.min(m[0], box[0]);
                m[1] = Math.min(m[1], box[1]);
                m[2] = Math.max(m[2], box[2]);
                m[3] = Math.max(m[3], box[3]);
                m[4] += box[4];
            }
        }
        for (int[] m : merged) if (m != null) blobs.add(new Blob(m[0], m[1], m[2], m[3], m[4]));
        return blobs;
    }

    /** Disjoint sets of labels (the smaller label becomes the root), with path halving. */
    private static final class UnionFind {
        private int[] parent = new int[1024];
        private int count;

        int add() {
            if (count == parent.length) parent = Arrays.copyOf(parent, count * 2);
            parent[count] = count;
            return count++;
        }

        int find(int label) {
            while (parent[label] != label) {
                parent[label] = parent[parent[label]];
                label = parent[label];
            }
            return label;
        }

        int union(int a, int b) {
            int ra = find(a), rb = find(b);
            if (ra == rb) return ra;
            int root = Math.min(ra, rb);
            parent[Math.max(ra, rb)] = root;
            return root;
        }
    }
}
