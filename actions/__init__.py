"""The action server: custom actions, one module per concern.

`rasa run actions --actions actions` imports every module of this package.
"""
