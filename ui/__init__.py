"""Helpers of the Streamlit dashboard (`app.py`) that hold no Streamlit calls.

They turn widget values into the workload file's dict form (validated by
`advisor.model.workload_file`, so the app and the CLI report bad input alike), encode the view
state for the URL, and turn results into table rows. Keeping them free of `streamlit`
makes them testable without a running app and keeps `app.py` a description of the UI.
"""
