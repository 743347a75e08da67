-- The Quarto renderer's filter (entry point `pre-ast`: before any of Quarto's own
-- filters, on the document as Pandoc read it from Quarto's notebook markdown). It
-- runs the bundled renderer's filters, sanitise.lua then html.lua or typst.lua, so
-- both renderers publish the same document, after settling what Quarto reads
-- differently from the bundled renderer's Pandoc:
--
-- * A chart's text alternative arrives as the image's `fig-alt` attribute (the
--   staged notebook's cell option, quarto_notebook.py). It is handed to the shared
--   filters as the bundled markdown has it, as the image's title. For HTML it goes
--   back to `fig-alt` afterwards: an image with a caption would become a captioned
--   figure in Quarto's hands, and Quarto writes `fig-alt` as the `alt` attribute.
-- * Pipe tables get their natural column widths: the bundled renderer reads with
--   --columns=100000, which Quarto cannot pass (for Typst `columns` means page
--   columns), and Pandoc otherwise gives a wide table's columns fixed percentages
--   (narrow, hyphenated columns in the PDF).
-- * `@name` stays text: the bundled reader has citations off, Quarto has them on.
-- * Quarto wraps each cell and each output in a div; they are unwrapped, so the
--   report is the flat run of blocks the bundled renderer publishes (and headings
--   inside them are seen by Quarto's sections and contents list).
-- * In HTML the page's title (its level-1 heading) becomes the document's title,
--   which Quarto shows in its title block, as the same heading, and puts in the
--   site's search index; its contents list then holds the level-2 headings, as the
--   bundled page's does.
--
-- * A figure quoted in content (`{{< var KEY >}}`, content_pages.py) arrives as
--   Quarto's shortcode span, which Quarto resolves from `_variables.yml` after this
--   filter. sanitise.lua would strip its attributes (Quarto then stops), so each
--   `var` shortcode is set aside while the shared filters run and put back after.
--   Other shortcodes are not kept: content may use only `var` (content_figures.py).
--
-- Running before Quarto matters: sanitise.lua turns raw HTML into text, and from
-- Quarto's first filter on the document holds Quarto's own raw HTML (page layout).

local here = PANDOC_SCRIPT_FILE:match("(.*[/\\])") or ""

local function run(doc, filter_file)
  for _, filter in ipairs(dofile(here .. filter_file)) do
    doc = doc:walk(filter)
  end
  return doc
end

local function is_notebook_wrapper(div)
  return div.classes:includes("cell") or div.classes:includes("cell-output")
end

local as_bundled = {
  Div = function(div)
    if is_notebook_wrapper(div) then
      return div.content
    end
  end,
  Image = function(image)
    local alt = image.attributes["fig-alt"]
    if alt ~= nil then
      image.attributes["fig-alt"] = nil
      image.title = alt
    end
    return image
  end,
  Table = function(tbl)
    for i, spec in ipairs(tbl.colspecs) do
      tbl.colspecs[i] = { spec[1], pandoc.ColWidthDefault }
    end
    return tbl
  end,
  Cite = function(cite)
    return cite.content
  end,
}

local function title_from_heading(doc)
  for i, block in ipairs(doc.blocks) do
    if block.t == "Header" and block.level == 1 then
      if doc.meta.title == nil then
        doc.meta.title = block.content
        doc.blocks:remove(i)
      end
      break
    end
  end
  return doc
end

local for_quarto_html = {
  Image = function(image)
    local alt = pandoc.utils.stringify(image.caption)
    if alt ~= "" then
      image.attributes["fig-alt"] = alt
      image.caption = {}
    end
    return image
  end,
}

local set_aside = {}
local MARK = "\u{E000}scwres-var-"

local function is_var_shortcode(span)
  return span.classes:includes("quarto-shortcode__")
    and (span.attributes["data-raw"] or ""):match("^{{<%s*var%s") ~= nil
end

local keep_shortcodes = {
  Span = function(span)
    if is_var_shortcode(span) then
      set_aside[#set_aside + 1] = span
      return pandoc.Str(MARK .. #set_aside .. "\u{E001}")
    end
  end,
}

local restore_shortcodes = {
  Str = function(str)
    local n = str.text:sub(1, #MARK) == MARK and str.text:sub(#MARK + 1):match("^(%d+)\u{E001}$")
    if n then
      return set_aside[tonumber(n)]
    end
  end,
}

function Pandoc(doc)
  doc = run(doc:walk(keep_shortcodes):walk(as_bundled), "sanitise.lua")
  if FORMAT:match("typst") then
    return run(doc, "typst.lua"):walk(restore_shortcodes)
  end
  return title_from_heading(run(doc, "html.lua"):walk(for_quarto_html)):walk(restore_shortcodes)
end
