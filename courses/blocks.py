"""The StreamField blocks of a lesson: text, headings, media, callouts, case studies and reflection questions.

Block names match the demo content schema (heading, paragraph, callout, case_study, reflection, image, video,
document), so authored and loaded lessons render through the same templates.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: a note, a tip or a warning."""

    tone = blocks.ChoiceBlock(
        choices=[("info", _("Note")), ("tip", _("Tip")), ("warning", _("Warning"))], default="info", label=_("tone")
    )
    title = blocks.CharBlock(required=False, max_length=120, label=_("title"))
    text = blocks.RichTextBlock(features=RICH_FEATURES, label=_("text"))

    class Meta:
        icon = "help"
        label = _("Callout")
        template = "courses/blocks/callout.html"


class CaseStudyBlock(blocks.StructBlock):
    """A case from practice: the background, questions to think about, and the trainer's analysis."""

    title = blocks.CharBlock(max_length=120, label=_("title"))
    background = blocks.RichTextBlock(features=RICH_FEATURES, label=_("background"))
    questions = blocks.RichTextBlock(features=RICH_FEATURES, label=_("questions"))
    analysis = blocks.RichTextBlock(features=RICH_FEATURES, label=_("analysis"))

    class Meta:
        icon = "clipboard-list"
        label = _("Case study")
        template = "courses/blocks/case_study.html"


class ReflectionBlock(blocks.StructBlock):
    """A question the counselor answers for themselves, about their own practice."""

    prompt = blocks.TextBlock(label=_("prompt"))

    class Meta:
        icon = "comment"
        label = _("Reflection question")
        template = "courses/blocks/reflection.html"


class VideoBlock(blocks.StructBlock):
    """A video: an uploaded file (as a document) or an embedded video from a video site."""

    uploaded = DocumentChooserBlock(required=False, label=_("uploaded video file"))
    embed = EmbedBlock(required=False, label=_("embedded video URL"))
    caption = blocks.CharBlock(required=False, max_length=200, label=_("caption"))

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("uploaded") and not value.get("embed"):
            raise blocks.StructBlockValidationError(
                block_errors={"uploaded": blocks.BlockValidationError(_("Upload a video or give a video URL."))}
            )
        return value


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(required=False, max_length=200, label=_("caption"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "courses/blocks/image.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    description = blocks.CharBlock(required=False, max_length=200, label=_("description"))

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "courses/blocks/document.html"


class LessonBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(max_length=120, label=_("Heading"), template="courses/blocks/heading.html",
                               icon="title")
    paragraph = blocks.RichTextBlock(features=RICH_FEATURES, label=_("Paragraph"))
    callout = CalloutBlock()
    case_study = CaseStudyBlock()
    reflection = ReflectionBlock()
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
