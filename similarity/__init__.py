"""How alike two sentences are in meaning: a small sentence encoder, run in numpy.

The answer gate (components/answer_gate.py) uses it to tell a question a curated topic
answers from a real question nothing curated covers. A plain library: no Rasa import.
"""
