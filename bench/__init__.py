"""`make bench`: Harbor's speed and memory beside the stock `rasa init` assistant.

    python -m bench            # full run: 3 runs at 1, 8 and 32 concurrent conversations
    python -m bench --quick    # one short run, to try it

See the Performance section of the README for what it measures and prints.
"""
