"""Gait analysis per sensor placement (shoe: :mod:`gaitcoach.gait.foot`)."""
