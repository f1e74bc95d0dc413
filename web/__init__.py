"""Harbor's web gateway: the public face between the site's chat widget and Rasa.

Rooms, each a package: `visitor/` (the public chat API and the widget), `console/`
(staff) and `handoff/` (a person takes over). They share the libraries here:
`rasa_client` (the one way to Rasa), `rate_limit`, `security` (headers, CORS), `errors`
(the JSON error shape) and `health`. `app.create_app` lists every route and middleware.
"""
