"""The small block set shared by every page with a StreamField body."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"]


class ImageBlock(blocks.StructBlock):  # type: ignore[misc]  # Wagtail ships no types
    image = ImageChooserBlock(label="Bild")
    alt_text = blocks.CharBlock(
        label="Alternativtext", required=False, help_text="Leer lassen, wenn das Bild rein dekorativ ist."
    )
    caption = blocks.CharBlock(label="Bildunterschrift", required=False)

    class Meta:
        icon = "image"
        label = "Bild"
        template = "blocks/image_block.html"
        description = "Ein Bild mit Alternativtext und optionaler Bildunterschrift"


class QuoteBlock(blocks.StructBlock):  # type: ignore[misc]  # Wagtail ships no types
    text = blocks.TextBlock(label="Zitat")
    attribution = blocks.CharBlock(label="Quelle", required=False)

    class Meta:
        icon = "openquote"
        label = "Zitat"
        template = "blocks/quote_block.html"
        description = "Ein hervorgehobenes Zitat mit Quelle"
        preview_value = {"text": "Gute Beratung beginnt mit Zuhören.", "attribution": "Strategiekreis der OM"}


# Parts of the site that are not pages in the tree (the directory is an application), so that an
# editor can point a button at them without typing an address.
APPLICATION_LINKS = [
    ("directory:search", "Verzeichnis: Berater:in finden"),
    ("account_signup", "Verzeichnis: Als Berater:in eintragen"),
]


class CallToActionBlock(blocks.StructBlock):  # type: ignore[misc]  # Wagtail ships no types
    title = blocks.CharBlock(label="Überschrift")
    text = blocks.TextBlock(label="Text", required=False)
    page = blocks.PageChooserBlock(label="Zielseite", required=False)
    application = blocks.ChoiceBlock(choices=APPLICATION_LINKS, label="Oder Bereich der Website", required=False)
    url = blocks.URLBlock(label="Oder externe Adresse", required=False)
    button_label = blocks.CharBlock(label="Beschriftung der Schaltfläche", default="Mehr erfahren")

    class Meta:
        icon = "pick"
        label = "Handlungsaufforderung"
        template = "blocks/call_to_action_block.html"
        description = "Ein Kasten mit Überschrift, Text und Schaltfläche"
        preview_value = {"title": "Beraterin oder Berater gesucht?", "button_label": "Zum Verzeichnis"}

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        if not (value.get("page") or value.get("application") or value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": blocks.ValidationError("Bitte eine Zielseite, einen Bereich oder eine Adresse angeben.")
                }
            )
        return value


class DocumentListBlock(blocks.StructBlock):  # type: ignore[misc]  # Wagtail ships no types
    title = blocks.CharBlock(label="Überschrift", required=False, default="Downloads")
    documents = blocks.ListBlock(DocumentChooserBlock(label="Dokument"), label="Dokumente")

    class Meta:
        icon = "doc-full"
        label = "Dokumentenliste"
        template = "blocks/document_list_block.html"
        description = "Eine Liste von Dokumenten zum Herunterladen"


class AccordionItemBlock(blocks.StructBlock):  # type: ignore[misc]  # Wagtail ships no types
    question = blocks.CharBlock(label="Frage / Titel")
    answer = blocks.RichTextBlock(label="Antwort", features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):  # type: ignore[misc]  # Wagtail ships no types
    title = blocks.CharBlock(label="Überschrift", required=False)
    items = blocks.ListBlock(AccordionItemBlock(), label="Einträge")

    class Meta:
        icon = "list-ul"
        label = "Aufklappliste / FAQ"
        template = "blocks/accordion_block.html"
        description = "Fragen und Antworten zum Aufklappen (ohne JavaScript)"


class BodyBlock(blocks.StreamBlock):  # type: ignore[misc]  # Wagtail ships no types
    paragraph = blocks.RichTextBlock(label="Text", features=RICH_TEXT_FEATURES, template="blocks/paragraph_block.html")
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    documents = DocumentListBlock()
    embed = EmbedBlock(label="Eingebettetes Medium")
    accordion = AccordionBlock()
