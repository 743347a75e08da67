-- HTML specifics. Each table sits in a scrolling region that keyboard users can
-- focus and screen readers announce by name (its caption, or the title of the chart
-- whose data it holds), so wide tables scroll on a phone instead of widening the page.
-- Region names are made unique: axe requires distinct names for same-role landmarks.

local used = {}

local function unique(label)
  local candidate, n = label, 1
  while used[candidate] do
    n = n + 1
    candidate = label .. " (" .. n .. ")"
  end
  used[candidate] = true
  return candidate
end

local function caption_text(tbl)
  return pandoc.utils.stringify(tbl.caption.long or {})
end

-- The chart title is a paragraph that is nothing but strong text.
local function strong_only(block)
  if (block.t == "Para" or block.t == "Plain") and #block.content == 1 and block.content[1].t == "Strong" then
    return pandoc.utils.stringify(block.content[1])
  end
  return nil
end

-- Tables of this many columns or more cannot fit a phone's width: the style sheet tells
-- readers of browsers that cannot see that a region scrolls that these ones do.
local WIDE_COLUMNS = 5

local function scroll_region(tbl, label)
  local classes = { "table-scroll" }
  if #tbl.colspecs >= WIDE_COLUMNS then
    table.insert(classes, "wide")
  end
  local attr = pandoc.Attr("", classes, {
    { "role", "region" }, { "tabindex", "0" }, { "aria-label", unique(label) },
  })
  return pandoc.Div({ tbl }, attr)
end

local function lone_image(block)
  return (block.t == "Para" or block.t == "Plain") and #block.content == 1 and block.content[1].t == "Image"
end

-- A chart's caption (its bold title and its subtitle, the two paragraphs before its
-- image) in a div the style sheet sets apart from the text.
local function with_chart_caption(out)
  local n = #out
  if n >= 2 and strong_only(out[n - 1]) and (out[n].t == "Para" or out[n].t == "Plain") then
    local subtitle = out:remove(n)
    local title = out:remove(n - 1)
    out:insert(pandoc.Div({ title, subtitle }, pandoc.Attr("", { "chart-caption" }, {})))
  end
end

local function process(blocks)
  local out, last_title = pandoc.Blocks({}), nil
  for _, block in ipairs(blocks) do
    if lone_image(block) then
      with_chart_caption(out)
      out:insert(block)
    elseif block.t == "Table" then
      local label = caption_text(block)
      if label == "" then
        label = last_title and ("Data behind the chart: " .. last_title) or "Data table"
      end
      out:insert(scroll_region(block, label))
    elseif block.t == "Div" or block.t == "BlockQuote" then
      block.content = process(block.content)
      out:insert(block)
    else
      last_title = strong_only(block) or last_title
      if block.t == "Header" then
        last_title = nil
      end
      out:insert(block)
    end
  end
  return out
end

return {
  {
    Pandoc = function(doc)
      doc.blocks = process(doc.blocks)
      return doc
    end,
  },
}
