"""A training office: one run on an office's own configuration with data of its own, where
officers practise. Every screen and every printed ticket carries ``TRAINING_MARK`` so
nothing from it is taken for the real office's."""

TRAINING_MARK = "PELATIHAN / TRAINING"
