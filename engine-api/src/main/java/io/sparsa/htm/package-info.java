/**
 * Numenta's HTM spatial pooler and a k-nearest-neighbour classifier for its sparse codes, built
 * on the backend primitives only, so both run on every backend.
 *
 * <ul>
 *   <li>{@link io.sparsa.htm.SpatialPoolerConfig}: the classic parameters and the
 *   {@code thread-mnist} preset;</li>
 *   <li>{@link io.sparsa.htm.PotentialPool}: each column's fixed potential pool and initial
 *   permanences;</li>
 *   <li>{@link io.sparsa.htm.SpatialPooler}: overlaps (sparse matmul on connected synapses),
 *   global inhibition (k-winners on boosted overlaps above the stimulus threshold), learning,
 *   duty cycles, boosting and the bump of weak columns;</li>
 *   <li>{@link io.sparsa.htm.BinaryCodes}: sparse binary rows on the host, the form of both the
 *   pooler's input (see {@link io.sparsa.htm.ImageBinarizer}) and its output;</li>
 *   <li>{@link io.sparsa.htm.KnnClassifier}: overlap or Hamming k-NN on such codes;</li>
 *   <li>{@link io.sparsa.htm.ActivityStats}: active columns per input, and columns that ever won.</li>
 * </ul>
 */
package io.sparsa.htm;
