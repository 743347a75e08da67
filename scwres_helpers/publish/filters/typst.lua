-- Typst specifics. Charts become images with their text alternative (Pandoc's Typst
-- writer drops alt text) at the width of the text column, kept on one page with their
-- caption (the bold title and the subtitle before them). The summary line of a data
-- block ("Data behind this chart") becomes a bold lead-in kept on the page of the
-- table it introduces, since the HTML wrappers themselves have no meaning in a PDF.
-- Short tables are kept whole on one page with their captions (a caption never ends
-- a page); long ones break between rows.

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
  return block ~= nil and block.t == "RawBlock" and block.format == "html" and block.text == text
end

local function is_paragraph(block)
  return block ~= nil and (block.t == "Para" or block.t == "Plain")
end

-- A chart's title: a paragraph that is nothing but strong text.
local function is_strong_only(block)
  return is_paragraph(block) and #block.content == 1 and block.content[1].t == "Strong"
end

-- A table of at most this many rows is kept whole on one page (with its caption, or
-- with the lead-in before it); a longer one breaks between rows.
local WHOLE_TABLE_ROWS = 16

local function table_rows(tbl)
  local n = #tbl.head.rows
  for _, body in ipairs(tbl.bodies) do
    n = n + #body.body
  end
  return n
end

local function kept_together(blocks)
  return { pandoc.RawBlock("typst", "#block(breakable: false)["), table.unpack(blocks) }
end

-- The body's blocks, and those of block quotes and divs within it: where charts and
-- data blocks are. Table cells are left alone (visiting each cell's blocks was a
-- third of the Typst conversion's time, and a cell never holds a chart).
local function process(blocks)
  local out, after_summary, lead_in = pandoc.Blocks({}), false, nil
  for _, block in ipairs(blocks) do
    local image = lone_image(block)
    if image then
      local chart = pandoc.RawBlock("typst", "#block(breakable: false, " .. image_call(image) .. ")")
      if is_strong_only(out[#out - 1]) and is_paragraph(out[#out]) then  -- its title and subtitle
        local subtitle = out:remove(#out)
        local title = out:remove(#out)
        out:extend(kept_together({ title, pandoc.RawBlock("typst", "#chart-subtitle["), subtitle,
          pandoc.RawBlock("typst", "]"), chart }))
        out:insert(pandoc.RawBlock("typst", "]"))
      else
        out:insert(chart)
      end
    elseif after_summary and (block.t == "Plain" or block.t == "Para") then
      lead_in = pandoc.Para({ pandoc.Strong(block.content) })
    elseif block.t == "Table" then
      local whole = table_rows(block) <= WHOLE_TABLE_ROWS
      local parts = lead_in and { lead_in, block } or { block }
      if whole then
        out:extend(kept_together(parts))
        out:insert(pandoc.RawBlock("typst", "]"))
      else
        if lead_in then
          out:insert(pandoc.RawBlock("typst", "#block(sticky: true)["))
          out:insert(lead_in)
          out:insert(pandoc.RawBlock("typst", "]"))
        end
        out:insert(block)
      end
      lead_in = nil
    else
      if lead_in and block.t ~= "RawBlock" then  -- "</summary>" (dropped) comes between
        out:insert(lead_in)
        lead_in = nil
      end
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
