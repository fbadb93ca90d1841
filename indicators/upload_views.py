"""The analyst's flow: upload a file, read the preview, commit it; see every upload; revert one."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .access import Missing, requires
from .exports import template_workbook
from .extract import Problem, group_problems
from .forms import UploadForm
from .imports import (
    UploadRefused,
    commit_upload,
    discard_preview,
    discarded,
    preview_extract,
    revert_upload,
    save_preview,
)
from .models import Upload
from .periods import describe_months, last_complete_month

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@requires("indicators.view_upload")
@require_safe
def upload_list(request):
    large = Upload.LARGE_FIELDS
    uploads = (
        Upload.objects.newest_first()
        .select_related("created_by", "reverts")
        .defer(*large, *(f"reverts__{name}" for name in large))
    )
    page = Paginator(uploads, 50).get_page(request.GET.get("page"))
    return render(request, "indicators/upload_list.html", {"page": page})


@requires("indicators.upload_extract")
@require_http_methods(["GET", "POST"])
def upload_new(request):
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        uploaded = form.cleaned_data["file"]
        data = uploaded.read()
        preview = preview_extract(data, uploaded.name)
        upload = save_preview(preview, data, uploaded.name, request.user)
        return redirect(upload)
    return render(
        request,
        "indicators/upload_form.html",
        {"form": form, "max_megabytes": settings.EXTRACT_MAX_FILE_BYTES // (1024 * 1024)},
    )


@requires("indicators.view_upload")
@require_safe
def upload_detail(request, pk):
    upload = get_object_or_404(Upload.objects.select_related("created_by", "reverts"), pk=pk)
    summary = upload.summary or {}
    revisions = upload.revisions.select_related("indicator").order_by(
        "indicator__code", "month", "breakdown", "category"
    )
    context = {
        "upload": upload,
        "sha256_parts": in_parts(upload.sha256, 16),
        "error_groups": listed_groups(summary.get("errors", [])),
        "warning_groups": listed_groups(summary.get("warnings", [])),
        "months": describe_months(date_list(summary.get("months", []))),
        "sheets": summary.get("sheets", []),
        "changed": summary.get("changed", []),
        "revisions": Paginator(revisions, 100).get_page(request.GET.get("page")),
        "can_commit": request.user.has_perm("indicators.upload_extract"),
        "can_revert": request.user.has_perm("indicators.revert_upload"),
    }
    return render(request, "indicators/upload_detail.html", context)


@require_POST
@requires("indicators.upload_extract")
def upload_commit(request, pk):
    try:
        commit_upload(posted_upload(pk, "Nothing was committed."), request.user)
    except UploadRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Committed: the figures are live.")
    return back_to(pk)


@require_POST
@requires("indicators.revert_upload")
def upload_revert(request, pk):
    try:
        revert = revert_upload(posted_upload(pk, "Nothing was reverted."), request.user)
    except UploadRefused as refusal:
        messages.error(request, str(refusal))
        return back_to(pk)
    messages.success(request, f"Reverted: every figure that upload {pk} touched is back as it was.")
    return redirect(revert)


@require_POST
@requires("indicators.upload_extract")
def upload_discard(request, pk):
    try:
        upload = posted_upload(pk, "There is nothing left to discard.")
        discard_preview(upload)
    except UploadRefused as refusal:
        messages.error(request, str(refusal))
        return back_to(pk)
    messages.success(
        request, f"Discarded the preview of {upload.file_name}: it and its file are deleted."
    )
    return redirect("indicators:uploads")


@requires("indicators.view_upload")
@require_safe
def upload_file(request, pk):
    upload = get_object_or_404(Upload, pk=pk)
    if not upload.file:
        raise Missing("No file is kept for this upload.")
    try:
        handle = upload.file.open("rb")
    except FileNotFoundError:  # a MEDIA_ROOT not shared, or not restored with the database
        raise Missing(
            "The file kept for this upload is missing from the server's storage: ask the system "
            "administrator to restore it from the backup."
        ) from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=upload.file_name or "extract",
        content_type="application/octet-stream",
    )


@requires("indicators.upload_extract")
@require_safe
def upload_template(request):
    last = last_complete_month(timezone.localdate())
    response = HttpResponse(template_workbook(last), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="extract-template-{last:%Y-%m}.xlsx"'
    return response


def posted_upload(pk, nothing_done):
    """The upload a button was pressed for. One discarded since (in another tab, say) is
    refused in words, as the workflows refuse it when it goes a moment later, not with a 404."""
    upload = Upload.objects.filter(pk=pk).first()
    if upload is None:
        raise discarded(nothing_done)
    return upload


def back_to(pk):
    """The upload's page, or the list of uploads if it was discarded meanwhile."""
    if Upload.objects.filter(pk=pk).exists():
        return redirect("indicators:upload", pk)
    return redirect("indicators:uploads")


def in_parts(text, size):
    """A long unbroken text (a checksum) in pieces, so a narrow screen can wrap it between them."""
    return [text[i : i + size] for i in range(0, len(text), size)]


LISTED_PER_GROUP = 100


def listed_groups(rows):
    """Problems grouped by kind, each group cut to its first LISTED_PER_GROUP: a file with the
    same mistake in 100,000 rows would otherwise be a page of megabytes, slow to open."""
    return [
        {
            "title": group.title,
            "count": group.count,
            "problems": group.problems[:LISTED_PER_GROUP],
            "more": max(group.count - LISTED_PER_GROUP, 0),
        }
        for group in group_problems(problems(rows))
    ]


def problems(rows):
    return [Problem(r["kind"], r["sheet"], r["cell"], r["value"], r["message"]) for r in rows]


def date_list(texts):
    return [date.fromisoformat(text) for text in texts]
