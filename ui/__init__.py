"""The Streamlit dashboard's modules (`app.py` wires them up).

Most hold no Streamlit calls, so they are testable without a running app: `inputs`,
`services` and `state` turn widget values into the workload file's dict form and the URL
state; `tables`, `decision` and `settings` turn results and settings into rows, the card and
badges; `messages` words input errors and warnings; `imports` reads uploads. Two lay widgets
out and do call Streamlit: `form` (the inputs) and `results` (the views of a result).
"""
