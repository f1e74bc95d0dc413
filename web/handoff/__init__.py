"""Live hand-off to a person: the waiting queue, the visitor's feed, and the desk that
pauses and resumes Rasa around a staff member's replies. No HTTP here: the visitor room
(web/visitor/endpoints.py) and the console (web/console/handoff_pages.py) call the desk."""
