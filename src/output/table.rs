//! Tables laid out like the official CLI's `table.py` `Table.get_string()`: no borders, each
//! line indented by one space, a dashed rule under the titles, columns one space apart, and
//! the same column widths and wrapping. comfy-table does the padding, wrapping and colour.

use comfy_table::presets::NOTHING;
use comfy_table::{Cell, CellAlignment, Color, ColumnConstraint, Table, TableComponent, Width};

const INDENT: usize = 1;
const SPACER: usize = 1;
/// What `table.py` assumes when it cannot ask the terminal.
const DEFAULT_TERMINAL_COLUMNS: usize = 80;
/// How comfy-table ends a coloured cell.
const STYLE_END: &str = "\x1b[39m";

/// The colours the official CLI uses (click's `fg="green"`/`fg="yellow"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tint {
    Green,
    Yellow,
}

impl Tint {
    fn table_color(self) -> Color {
        match self {
            Tint::Green => Color::DarkGreen,
            Tint::Yellow => Color::DarkYellow,
        }
    }

    /// The escape sequence a table cell of this colour starts with.
    pub fn cell_start(self) -> &'static str {
        match self {
            Tint::Green => "\x1b[38;5;2m",
            Tint::Yellow => "\x1b[38;5;3m",
        }
    }

    fn click_start(self) -> &'static str {
        match self {
            Tint::Green => "\x1b[32m",
            Tint::Yellow => "\x1b[33m",
        }
    }
}

/// `click.style(text, fg=…)` when `color` is on, else the text as it is.
pub fn paint(text: &str, tint: Tint, color: bool) -> String {
    if color {
        format!("{}{text}\x1b[0m", tint.click_start())
    } else {
        text.to_string()
    }
}

/// The usable width `table.py` lays tables out in: the terminal's columns less one, or 79
/// when there is no terminal.
pub fn terminal_max_width() -> usize {
    let columns = Table::new().width().map(usize::from).filter(|columns| *columns > 0);
    columns.unwrap_or(DEFAULT_TERMINAL_COLUMNS) - 1
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    title: &'static str,
    tint: Option<Tint>,
    wraps: bool,
    right_aligned: bool,
}

impl Column {
    pub const fn new(title: &'static str) -> Self {
        Self { title, tint: None, wraps: false, right_aligned: false }
    }

    /// Colours the column's values (never its title).
    pub const fn tinted(self, tint: Tint) -> Self {
        Self { tint: Some(tint), ..self }
    }

    /// Lets the column shrink and wrap when the table is wider than the terminal.
    pub const fn wrapping(self) -> Self {
        Self { wraps: true, ..self }
    }

    pub const fn right_aligned(self) -> Self {
        Self { right_aligned: true, ..self }
    }
}

#[derive(Debug, Clone)]
pub struct TextTable {
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
}

impl TextTable {
    pub fn new(columns: Vec<Column>) -> Self {
        Self { columns, rows: Vec::new() }
    }

    pub fn add_row(&mut self, cells: Vec<String>) {
        self.rows.push(cells.iter().map(|cell| single_line(cell)).collect());
    }

    /// The table, each line ending in a newline, laid out for `max_width` columns.
    pub fn render(&self, color: bool, max_width: usize) -> String {
        let mut table = self.body(color);
        let widths = self.column_widths(&table.column_max_content_widths(), max_width);
        table.set_header(self.columns.iter().map(|column| Cell::new(column.title)));
        self.constrain(&mut table, &widths);
        let last_width = widths.last().copied().unwrap_or_default();
        let mut lines: Vec<String> = table.lines().map(|line| strip_last_column(&line, last_width)).collect();
        lines.insert(lines.len().min(1), self.rule(&widths, max_width));
        lines.iter().map(|line| format!("{line}\n")).collect()
    }

    fn body(&self, color: bool) -> Table {
        let mut table = Table::new();
        table
            .load_preset(NOTHING)
            .set_style(TableComponent::LeftBorder, ' ')
            .set_style(TableComponent::VerticalLines, ' ')
            .force_no_tty();
        if color {
            table.enforce_styling();
        }
        for row in &self.rows {
            table.add_row(row.iter().zip(&self.columns).map(|(text, column)| data_cell(text, column, color)));
        }
        table
    }

    fn constrain(&self, table: &mut Table, widths: &[usize]) {
        for (index, (column, width)) in self.columns.iter().zip(widths).enumerate() {
            let Some(table_column) = table.column_mut(index) else {
                continue;
            };
            let width = u16::try_from(*width).unwrap_or(u16::MAX);
            table_column.set_padding((0, 0)).set_constraint(ColumnConstraint::Absolute(Width::Fixed(width)));
            if column.right_aligned {
                table_column.set_cell_alignment(CellAlignment::Right);
            }
        }
    }

    /// `table.py` widths: the longest of the title and the values, where a value in any but
    /// the last column counts one extra character; then the wrapping columns share what the
    /// terminal has left, unless the table would be over three terminals wide.
    fn column_widths(&self, value_widths: &[u16], max_width: usize) -> Vec<usize> {
        let last = self.columns.len().saturating_sub(1);
        let mut widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(index, column)| {
                let longest_value = match value_widths.get(index) {
                    Some(width) if !self.rows.is_empty() => usize::from(*width) + spacer_after(index, last),
                    _ => 0,
                };
                column.title.len().max(longest_value)
            })
            .collect();
        self.share_width_among_wrapping_columns(&mut widths, max_width);
        widths
    }

    fn share_width_among_wrapping_columns(&self, widths: &mut [usize], max_width: usize) {
        let last = widths.len().saturating_sub(1);
        let (mut total, mut fixed, mut wrapping) = (INDENT, INDENT, 0);
        for (index, (column, width)) in self.columns.iter().zip(widths.iter()).enumerate() {
            let occupied = width + spacer_after(index, last);
            total += occupied;
            if column.wraps {
                wrapping += 1;
            } else {
                fixed += occupied;
            }
        }
        let hopeless = total > 3 * max_width;
        if wrapping == 0 || total <= max_width || hopeless {
            return;
        }
        let share = max_width.saturating_sub(fixed) / wrapping;
        for (column, width) in self.columns.iter().zip(widths.iter_mut()).filter(|(column, _)| column.wraps) {
            // table.py crashes on a width below 1; never narrower than the title keeps the
            // title row on one line.
            *width = share.max(column.title.len());
        }
    }

    /// The dashes under the titles; the last column's are cut at the terminal's edge.
    fn rule(&self, widths: &[usize], max_width: usize) -> String {
        let mut rule = " ".repeat(INDENT);
        let mut width_left = max_width;
        let last = widths.len().saturating_sub(1);
        for (index, width) in widths.iter().enumerate() {
            if index < last {
                rule.push_str(&"-".repeat(*width));
                rule.push(' ');
                width_left = width_left.saturating_sub(width + SPACER);
            } else {
                rule.push_str(&"-".repeat((*width).min(width_left)));
            }
        }
        rule
    }
}

/// comfy-table pads every cell; `table.py` strips the last column's text, but pads it to
/// full width on lines where it has none.
fn strip_last_column(line: &str, last_width: usize) -> String {
    let (body, style_end) = match line.strip_suffix(STYLE_END) {
        Some(body) => (body, STYLE_END),
        None => (line, ""),
    };
    let stripped = body.trim_end_matches(' ');
    if body.len() - stripped.len() >= last_width {
        line.to_string()
    } else {
        format!("{stripped}{style_end}")
    }
}

fn spacer_after(index: usize, last: usize) -> usize {
    if index < last {
        SPACER
    } else {
        0
    }
}

fn data_cell(text: &str, column: &Column, color: bool) -> Cell {
    let cell = Cell::new(text);
    match column.tint {
        Some(tint) if color => cell.fg(tint.table_color()),
        _ => cell,
    }
}

/// `table.py` wraps with `textwrap`, which turns line breaks and tabs into spaces.
fn single_line(text: &str) -> String {
    text.chars().map(|c| if matches!(c, '\n' | '\r' | '\t' | '\u{b}' | '\u{c}') { ' ' } else { c }).collect()
}

// The expected strings are what `table.py`'s `Table.get_string()` returns for the same
// columns, rows and `max_width`.
#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[[&str; 2]]) -> TextTable {
        let mut table = TextTable::new(vec![Column::new("Field").tinted(Tint::Green), Column::new("Value").wrapping()]);
        for row in rows {
            table.add_row(row.iter().map(|cell| cell.to_string()).collect());
        }
        table
    }

    #[test]
    fn lays_out_like_table_py() {
        let rendered = table(&[["login", "alice"], ["password", "x\ny"]]).render(false, 79);
        assert_eq!(rendered, " Field     Value\n --------- -----\n login     alice\n password  x y\n");
    }

    #[test]
    fn a_title_longer_than_the_values_sets_the_width() {
        let rendered = table(&[["a", "b"]]).render(false, 79);
        assert_eq!(rendered, " Field Value\n ----- -----\n a     b\n");
    }

    #[test]
    fn wrapping_columns_share_the_terminal_width() {
        let words = "alpha beta gamma delta epsilon";
        let rendered = table(&[["k", words]]).render(false, 20);
        assert_eq!(
            rendered,
            " Field Value\n ----- -------------\n k     alpha beta\n       gamma delta\n       epsilon\n"
        );
    }

    #[test]
    fn very_wide_tables_are_not_wrapped_but_the_rule_stops_at_the_edge() {
        let long = "x".repeat(70);
        let rendered = table(&[["k", &long]]).render(false, 20);
        assert_eq!(rendered, format!(" Field Value\n ----- --------------\n k     {long}\n"));
    }

    #[test]
    fn a_last_column_without_text_is_padded_like_table_py() {
        let mut table = TextTable::new(vec![Column::new("Name").wrapping(), Column::new("UID")]);
        table.add_row(vec!["long file name".to_string(), "u1".to_string()]);
        table.add_row(vec!["x".to_string(), String::new()]);
        let rendered = table.render(false, 12);
        assert_eq!(
            rendered,
            " Name     UID\n -------- ---\n long     u1\n file        \n name        \n x           \n"
        );
    }

    #[test]
    fn coloured_last_cells_are_stripped_inside_their_colour() {
        let mut table = TextTable::new(vec![Column::new("A"), Column::new("B").tinted(Tint::Yellow)]);
        table.add_row(vec!["x".to_string(), "yy".to_string()]);
        table.add_row(vec!["x".to_string(), "y".to_string()]);
        let yellow = Tint::Yellow.cell_start();
        assert_eq!(
            table.render(true, 79),
            format!(" A  B\n -- --\n x  {yellow}yy{STYLE_END}\n x  {yellow}y{STYLE_END}\n")
        );
    }

    #[test]
    fn right_aligned_columns_align_title_and_values() {
        let mut table = TextTable::new(vec![Column::new("Size").right_aligned(), Column::new("UID")]);
        table.add_row(vec!["1234567".to_string(), "u".to_string()]);
        assert_eq!(table.render(false, 79), "     Size UID\n -------- ---\n  1234567 u\n");
    }

    #[test]
    fn an_empty_table_has_titles_and_rule() {
        assert_eq!(table(&[]).render(false, 79), " Field Value\n ----- -----\n");
    }

    #[test]
    fn colour_is_only_added_when_asked_for() {
        let plain = table(&[["login", "alice"]]).render(false, 79);
        assert!(!plain.contains('\x1b'));
        let colored = table(&[["login", "alice"]]).render(true, 79);
        assert!(colored.contains(&format!("{}login", Tint::Green.cell_start())), "{colored:?}");
        assert!(colored.starts_with(" Field"), "titles stay plain: {colored:?}");
        assert_eq!(paint("t", Tint::Yellow, true), "\x1b[33mt\x1b[0m");
        assert_eq!(paint("t", Tint::Yellow, false), "t");
    }
}
