"""Configuration shared by every Harbor process: the gateway, Rasa's components and the actions."""
