-- Markdown from notebooks is data as well as prose: nothing in it may become markup
-- we did not write. Raw HTML turns into visible text, except the <details> and
-- <summary> tags that wrap the data behind each chart; links keep only web, mail and
-- relative targets; images must be local files (our charts); attributes written in
-- the markdown ({onclick=...}, {style=...}) are dropped.

local ALLOWED_HTML = {
  ["<details>"] = true, ["</details>"] = true,
  ["<summary>"] = true, ["</summary>"] = true,
}
local SAFE_SCHEMES = { http = true, https = true, mailto = true }

local function trim(text)
  return (text:gsub("^%s+", ""):gsub("%s+$", ""))
end

local function is_allowed(raw)
  return raw.format == "html" and ALLOWED_HTML[trim(raw.text):lower()] == true
end

local function scheme_of(target)
  return target:match("^%s*([%a][%w+.-]*):")
end

local function safe_link_target(target)
  local scheme = scheme_of(target)
  if scheme then
    return SAFE_SCHEMES[scheme:lower()] == true
  end
  return not target:match("^%s*//") and not target:match("^%s*\\")
end

local function local_file(src)
  return scheme_of(src) == nil and not src:match("^%s*[/\\]") and not src:find("..", 1, true)
end

local function without_attributes(el)
  el.attr = pandoc.Attr(el.identifier, el.classes, {})
  return el
end

return {
  {
    RawBlock = function(raw)
      if is_allowed(raw) then
        return pandoc.RawBlock("html", trim(raw.text):lower())
      end
      return pandoc.Plain({ pandoc.Str(raw.text) })
    end,
    RawInline = function(raw)
      if is_allowed(raw) then
        return pandoc.RawInline("html", trim(raw.text):lower())
      end
      return pandoc.Str(raw.text)
    end,
    Link = function(link)
      if not safe_link_target(link.target) then
        return link.content
      end
      link.title = ""
      return without_attributes(link)
    end,
    Image = function(image)
      -- Our charts carry their text alternative as the title (``![](fig.svg "alt")``,
      -- quick for Pandoc to read); it becomes the alt text, as plain words.
      if #image.caption == 0 and image.title ~= "" then
        image.caption = pandoc.Inlines(image.title)
      end
      if not local_file(image.src) then
        return pandoc.Str(pandoc.utils.stringify(image.caption))
      end
      image.title = ""
      return without_attributes(image)
    end,
    Span = without_attributes,
    Div = without_attributes,
    Header = without_attributes,
    Code = without_attributes,
    CodeBlock = without_attributes,
    Table = without_attributes,
  },
}
