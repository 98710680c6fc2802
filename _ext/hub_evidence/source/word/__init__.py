"""A summary as a Word document in the programme's template, and back.

:mod:`.writer` fills the template (``template.docx``, the programme's own);
:mod:`.blocks` turns a section's MyST into the template's paragraphs;
:mod:`.carried` keeps the summary's record in the document, hidden beside the
visible text, so that an import of an unedited document gives the summary back.
"""
