package org.nlsig.signature.result;

/**
 * Classification accuracy measured in the same pass, when the data has labels and the model outputs class scores.
 *
 * @param top1    fraction of samples whose label is the highest-scoring class
 * @param top5    fraction whose label is among the five highest scores (1 when there are at most 5 classes)
 * @param samples number of samples counted
 */
public record Accuracy(double top1, double top5, long samples) {
}
