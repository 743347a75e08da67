-- Run after Quarto's own Typst filters (entry point `post-render`): Quarto marks every
-- table `typst:no-figure` (quarto-dev/quarto-cli#10438, for tables inside figures),
-- and Pandoc's Typst writer then drops the table's caption. Our tables are never
-- inside figures, so each gets its figure and caption back, as in the bundled PDF.

return {
  {
    Table = function(tbl)
      tbl.classes = tbl.classes:filter(function(class)
        return class ~= "typst:no-figure"
      end)
      return tbl
    end,
  },
}
