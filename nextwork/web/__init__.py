"""The Streamlit app: sign-in and roles, the session, the shared page parts, the upload form,
the app server."""
