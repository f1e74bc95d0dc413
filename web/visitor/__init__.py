"""The visitor room: the public chat API and the widget that embedding sites load.

A visitor's message walks: `static/widget.js` -> `endpoints.post_message` ->
`web.rasa_client.RasaClient.send` -> Rasa's REST channel. `sessions` proves who owns a
conversation, `payloads` checks what a visitor sends, `widget_config` and `demo_page`
are what the browser is given before any message.
"""
