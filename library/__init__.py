"""The shared resource library (共享式职业指导资源库): resources as pages, reading lists, bookmarks and downloads.

Extension points for other apps (courses, lessons, workshops):

- `library.blocks.ResourceChooserBlock` (a PageChooserBlock for ResourcePage) and `library.blocks.ReadingListBlock`
  (a SnippetChooserBlock for ReadingList) can be added to any StreamField, e.g.
  ``("reading_list", ReadingListBlock())``; their templates render a titled list of links to
  the resources open to the visitor (library_tags), so a restricted resource stays unseen outside its organization.
- A ForeignKey to ``"library.ReadingList"`` (on_delete=SET_NULL) or to ``"library.ResourcePage"`` (PROTECT) with a
  FieldPanel gives a chooser in the editor.
- `library.access.can_open(user, resource)` says whether someone may open a resource's body and files.

Attached files are Wagtail documents of the project's document model `library.PrivateDocument`: stored under
PRIVATE_MEDIA_ROOT, never at a public media URL, served only through Wagtail's serve view (whose hook checks the
resource's access) or the counting download view /library/files/<attachment id>/.
"""
