"""Streamlit entry point: ``streamlit run app.py``."""

from gaitcoach.dashboard import main

main()
