from django.urls import path

from jianfu.archive.views import archives, grants, mine, review

app_name = "archive"
urlpatterns = [
    # The teacher's own archive (measure 17; honours of measure 18) and who read it.
    path("", mine.mine, name="mine"),
    path("access-log/", mine.access_log, name="access_log"),
    path("entries/<int:entry_id>/edit/", mine.entry_edit, name="entry_edit"),
    path("entries/<int:entry_id>/submit/", mine.entry_submit, name="entry_submit"),
    path("entries/<int:entry_id>/files/", mine.file_add, name="file_add"),
    path("files/<int:file_id>/remove/", mine.file_remove, name="file_remove"),
    # Reading: files only through the access-checked download; archives of the school, area or grant.
    path("files/<int:file_id>/", archives.file_download, name="file"),
    path("teachers/", archives.teacher_list, name="teachers"),
    path("teachers/<int:teacher_id>/", archives.teacher_archive, name="teacher"),
    # The school verifies; the bureaus grant departments.
    path("verify/", review.queue, name="verify"),
    path("entries/<int:entry_id>/review/", review.review, name="review"),
    path("grants/", grants.grant_list, name="grants"),
    path("grants/<int:grant_id>/revoke/", grants.grant_revoke, name="grant_revoke"),
]
