"""Harbor's web gateway: the public face between the site's chat widget and Rasa.

A visitor's message walks: `static/widget.js` -> `endpoints.post_message` ->
`rasa_client.RasaClient.send` -> Rasa's REST channel, and the bot's replies come back
the same way. `app.create_app` lists every route and middleware in one place.
"""
