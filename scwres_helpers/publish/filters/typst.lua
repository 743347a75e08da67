-- Typst specifics. Charts become images with their text alternative (Pandoc's Typst
-- writer drops alt text) at the width of the text column; the summary line of a
-- data block ("Data behind this chart") becomes a bold lead-in, since the HTML
-- wrappers themselves have no meaning in a PDF.

local function typst_string(text)
  local flat = text:gsub("%s+", " ")
  return '"' .. flat:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

local function image_call(image)
  return "image(" .. typst_string(image.src) .. ", alt: " .. typst_string(pandoc.utils.stringify(image.caption))
    .. ", width: 100%)"
end

local function lone_image(block)
  if (block.t == "Para" or block.t == "Plain") and #block.content == 1 and block.content[1].t == "Image" then
    return block.content[1]
  end
  return nil
end

local function is_raw_html(block, text)
  return block.t == "RawBlock" and block.format == "html" and block.text == text
end

-- The body's blocks, and those of block quotes and divs within it: where charts and
-- data blocks are. Table cells are left alone (visiting each cell's blocks was a
-- third of the Typst conversion's time, and a cell never holds a chart).
local function process(blocks)
  local out, after_summary = pandoc.Blocks({}), false
  for _, block in ipairs(blocks) do
    local image = lone_image(block)
    if image then
      out:insert(pandoc.RawBlock("typst", "#block(breakable: false, " .. image_call(image) .. ")"))
    elseif after_summary and (block.t == "Plain" or block.t == "Para") then
      out:insert(pandoc.Para({ pandoc.Strong(block.content) }))
    else
      if block.t == "Div" or block.t == "BlockQuote" then
        block.content = process(block.content)
      end
      out:insert(block)
    end
    after_summary = is_raw_html(block, "<summary>")
  end
  return out
end

-- Blocks first (a paragraph that is one chart becomes a block), then any image left
-- inside running text.
return {
  {
    Pandoc = function(doc)
      doc.blocks = process(doc.blocks)
      return doc
    end,
  },
  {
    Image = function(image)
      return pandoc.RawInline("typst", "#box(" .. image_call(image) .. ")")
    end,
  },
}
