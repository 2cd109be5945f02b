"""The guide: the click-through, its SCORM package, the Markdown and the PDF handout."""
