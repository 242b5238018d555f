"""resolute.model: everything used at inference (readers, segmenter, labels, classifiers, checks)."""
