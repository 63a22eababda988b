"""The files Antrean ships: example configurations and the board's voice clips.

This folder stays at the top of the repository and is installed as the package
``antrean.assets``. Code reads it through ``antrean.asset_files``, never by a path
beside a source checkout.
"""
