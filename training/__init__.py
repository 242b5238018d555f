"""resolute.training: corpus building, annotation tooling, training and evaluation."""
