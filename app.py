"""Streamlit entry point: ``streamlit run app.py``."""

from pathlib import Path

from gaitcoach.dashboard import main

main(Path(__file__).resolve().with_name("sample_data"))
