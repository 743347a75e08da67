-- One Pandoc run, two outputs: the sanitised document written as HTML and as Typst.
--
-- Reading the report's markdown is most of a Pandoc run (its pipe tables above all),
-- so the document is read once and each writer gets its own filtered copy. The
-- filters are the same files a single-format run uses (html.lua, typst.lua); the two
-- outputs are joined by SPLIT, which Python splits on.
local SPLIT = "\n<!-- scwres: html above, typst below -->\n"
local here = PANDOC_SCRIPT_FILE:match("(.*[/\\])") or ""

local function filtered(doc, filter_file)
  for _, filter in ipairs(dofile(here .. filter_file)) do
    doc = doc:walk(filter)
  end
  return doc
end

function Writer(doc, opts)
  local html = pandoc.write(filtered(doc, "html.lua"), "html5", opts)
  local typst = pandoc.write(filtered(doc, "typst.lua"), "typst", opts)
  return html .. SPLIT .. typst
end
