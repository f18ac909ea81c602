package org.nlsig.data.source;

/** What a sample's values are: float32 model inputs, or int64 (token ids and other integer inputs, kept exact). */
public enum ElementType {
    FLOAT32,
    INT64
}
