//! `formula`: points from an expression over named variables, such as
//! `b / a * 1 + c / a * 0.5`. Supports `+ - * /` (also `× ÷`), unary minus, parentheses,
//! `min(…)` and `max(…)`, evaluated exactly as fractions (`a / 3 * 3` is `a`). The result
//! is kept between `floor` (default 0) and the maximum and rounded once, to the leaf's
//! places with its strategy. Division by zero gives `when_undefined` if the rule sets it,
//! otherwise a clear error. Evidence: one row per variable, `item` = variable id.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::fraction::{Fraction, mul};
use super::{Input, Outcome, Text, of_max};
use crate::code::CriterionCode;
use crate::criteria::Ctx;
use crate::criteria::raw::RawRule;
use crate::diag::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::msg;
use crate::number::{Lang, Rounding, parse_decimal, plain, show};
use crate::text::nearest;
use crate::value::{parse_number, parse_ratio};

/// Deepest nesting accepted in an expression, so hostile input cannot exhaust the stack.
const MAX_NESTING: usize = 64;

/// Most tokens in an expression. A long flat chain (`a + a + …`) builds a tree as deep as it
/// is long, and evaluating, printing or dropping it recurses that deep; real formulas have a
/// few dozen tokens.
const MAX_TOKENS: usize = 1000;

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Num(Decimal),
    Var(String),
    Neg(Box<Expr>),
    Bin(Op, Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    Min,
    Max,
}

/// Why an expression cannot be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    DivisionByZero(String),
    Overflow,
    Unbound(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Num(Decimal),
    Ident(String),
    Sym(char),
}

fn lex(text: &str) -> Result<Vec<(usize, Tok)>, (usize, Msg)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].1.is_ascii_digit() || chars[i].1 == '.') {
                i += 1;
            }
            let s: String = chars[start..i].iter().map(|c| c.1).collect();
            let d = parse_decimal(&s).map_err(|e| (pos, e.msg()))?;
            out.push((pos, Tok::Num(d)));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].1.is_alphanumeric() || chars[i].1 == '_') {
                i += 1;
            }
            out.push((pos, Tok::Ident(chars[start..i].iter().map(|c| c.1).collect())));
        } else if "+-−*/×÷(),".contains(c) {
            let sym = match c {
                '×' => '*',
                '÷' => '/',
                '−' => '-',
                other => other,
            };
            out.push((pos, Tok::Sym(sym)));
            i += 1;
        } else {
            return Err((pos, msg!("ký tự `{c}` không hợp lệ ở đây", "unexpected character `{c}`")));
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    end: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.1)
    }

    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |t| t.0)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Sym(c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expr(&mut self) -> Result<Expr, (usize, Msg)> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err((self.at(), too_deep()));
        }
        let mut lhs = self.term()?;
        loop {
            let op = if self.eat('+') {
                Op::Add
            } else if self.eat('-') {
                Op::Sub
            } else {
                break;
            };
            let rhs = self.term()?;
            lhs = Expr::Bin(op, Box::new(lhs), Box::new(rhs));
        }
        self.depth -= 1;
        Ok(lhs)
    }

    fn term(&mut self) -> Result<Expr, (usize, Msg)> {
        let mut lhs = self.unary()?;
        loop {
            let op = if self.eat('*') {
                Op::Mul
            } else if self.eat('/') {
                Op::Div
            } else {
                break;
            };
            let rhs = self.unary()?;
            lhs = Expr::Bin(op, Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Expr, (usize, Msg)> {
        if self.eat('-') {
            self.depth += 1;
            if self.depth > MAX_NESTING {
                return Err((self.at(), too_deep()));
            }
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Neg(Box::new(inner)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, (usize, Msg)> {
        let at = self.at();
        match self.toks.get(self.pos).map(|t| t.1.clone()) {
            Some(Tok::Num(d)) => {
                self.pos += 1;
                Ok(Expr::Num(d))
            }
            Some(Tok::Ident(name)) => {
                self.pos += 1;
                if self.eat('(') {
                    let func = match name.as_str() {
                        "min" => Func::Min,
                        "max" => Func::Max,
                        other => {
                            return Err((
                                at,
                                msg!(
                                    "hàm `{other}` không xác định (dùng min hoặc max)",
                                    "unknown function `{other}` (use min or max)"
                                ),
                            ));
                        }
                    };
                    let mut args = vec![self.expr()?];
                    while self.eat(',') {
                        args.push(self.expr()?);
                    }
                    if !self.eat(')') {
                        return Err((
                            self.at(),
                            msg!("thiếu dấu `)` để đóng lời gọi hàm", "expected `)` to close the function call"),
                        ));
                    }
                    Ok(Expr::Call(func, args))
                } else {
                    Ok(Expr::Var(name))
                }
            }
            Some(Tok::Sym('(')) => {
                self.pos += 1;
                let e = self.expr()?;
                if !self.eat(')') {
                    return Err((self.at(), msg!("thiếu dấu `)`", "expected `)`")));
                }
                Ok(e)
            }
            Some(Tok::Sym(c)) => Err((at, msg!("`{c}` không hợp lệ ở đây", "unexpected `{c}`"))),
            None => Err((at, msg!("biểu thức kết thúc quá sớm", "the expression ends too early"))),
        }
    }
}

fn too_deep() -> Msg {
    msg!(
        "biểu thức lồng sâu quá {MAX_NESTING} cấp",
        "the expression nests deeper than {MAX_NESTING} levels"
    )
}

/// Parses an expression; errors carry the byte offset in `text`.
pub fn parse(text: &str) -> Result<Expr, (usize, Msg)> {
    if text.len() > 16 * MAX_TOKENS {
        return Err((
            0,
            msg!(
                "biểu thức dài {} byte; công thức có nhiều nhất {MAX_TOKENS} thành phần",
                "the expression is {} bytes long; formulas have at most {MAX_TOKENS} parts",
                text.len()
            ),
        ));
    }
    let toks = lex(text)?;
    if toks.len() > MAX_TOKENS {
        let at = toks[MAX_TOKENS].0;
        return Err((
            at,
            msg!(
                "biểu thức có {} thành phần; công thức có nhiều nhất {MAX_TOKENS}",
                "the expression has {} parts; formulas have at most {MAX_TOKENS}",
                toks.len()
            ),
        ));
    }
    let mut p = Parser {
        toks,
        pos: 0,
        end: text.len(),
        depth: 0,
    };
    let e = p.expr()?;
    if p.pos < p.toks.len() {
        return Err((
            p.at(),
            msg!(
                "có nội dung thừa sau khi biểu thức đã kết thúc",
                "unexpected text after the end of the expression"
            ),
        ));
    }
    Ok(e)
}

/// The values of a formula's variables, by name.
pub trait Bindings {
    fn value(&self, name: &str) -> Option<Decimal>;
}

impl Bindings for BTreeMap<String, Decimal> {
    fn value(&self, name: &str) -> Option<Decimal> {
        self.get(name).copied()
    }
}

/// The declared variables and the value given for each (in the same order): a rule's few
/// variables are found by a short scan, with nothing allocated per evaluation.
struct Given<'a> {
    variables: &'a [Variable],
    values: &'a [Option<Decimal>],
}

impl Bindings for Given<'_> {
    fn value(&self, name: &str) -> Option<Decimal> {
        // (names are a few letters: compared inline, not by a library call)
        let i = self.variables.iter().position(|v| crate::text::same(&v.id, name))?;
        self.values.get(i).copied().flatten()
    }
}

impl Expr {
    /// Evaluates exactly, as a fraction: `a / 3 * 3` is `a` again. Numbers and variables
    /// are decimals, so they convert exactly; an intermediate value too large for the
    /// fraction is `Overflow`.
    pub fn eval(&self, vars: &impl Bindings) -> Result<Fraction, EvalError> {
        // Office figures are small: the value as an unreduced fraction, reduced once at the
        // end, is the same value without a GCD per step. Reduced numerators and denominators
        // divide the unreduced ones, so wherever the quick way fits, the reduced way fits too
        // and gives the same fraction; anything else (a step past 128 bits, division by
        // zero, a missing variable) is decided by the reduced way, errors included.
        if let Some(q) = self.quick(vars).and_then(|(num, den)| Fraction::new(num, den)) {
            return Ok(q);
        }
        self.eval_reduced(vars)
    }

    /// The value as `(numerator, denominator)` with a positive denominator, not reduced;
    /// `None` when a step does not fit in 128 bits, divides by zero or finds no value.
    fn quick(&self, vars: &impl Bindings) -> Option<(i128, i128)> {
        let parts = |d: Decimal| Some((d.mantissa(), crate::number::pow10(d.scale())?));
        match self {
            Expr::Num(d) => parts(*d),
            Expr::Var(v) => parts(vars.value(v)?),
            Expr::Neg(e) => {
                let (n, d) = e.quick(vars)?;
                Some((n.checked_neg()?, d))
            }
            Expr::Bin(op, a, b) => {
                let ((p, q), (r, s)) = (a.quick(vars)?, b.quick(vars)?);
                match op {
                    Op::Add => Some((mul(p, s)?.checked_add(mul(r, q)?)?, mul(q, s)?)),
                    Op::Sub => Some((mul(p, s)?.checked_sub(mul(r, q)?)?, mul(q, s)?)),
                    Op::Mul => Some((mul(p, r)?, mul(q, s)?)),
                    Op::Div if r < 0 => Some((mul(p, s)?.checked_neg()?, mul(q, r)?.checked_neg()?)),
                    Op::Div if r > 0 => Some((mul(p, s)?, mul(q, r)?)),
                    Op::Div => None,
                }
            }
            Expr::Call(f, args) => {
                let mut vals = args.iter().map(|a| a.quick(vars));
                let first = vals.next()??;
                vals.try_fold(first, |(p, q), v| {
                    let (r, s) = v?;
                    // p/q against r/s, both denominators positive.
                    let less = mul(p, s)? < mul(r, q)?;
                    Some(match (f, less) {
                        (Func::Min, true) | (Func::Max, false) => (p, q),
                        _ => (r, s),
                    })
                })
            }
        }
    }

    /// [`Expr::eval`] step by step on reduced fractions.
    fn eval_reduced(&self, vars: &impl Bindings) -> Result<Fraction, EvalError> {
        Ok(match self {
            Expr::Num(d) => Fraction::from_decimal(*d),
            Expr::Var(v) => Fraction::from_decimal(vars.value(v).ok_or_else(|| EvalError::Unbound(v.clone()))?),
            Expr::Neg(e) => e.eval_reduced(vars)?.checked_neg().ok_or(EvalError::Overflow)?,
            Expr::Bin(op, a, b) => {
                let (x, y) = (a.eval_reduced(vars)?, b.eval_reduced(vars)?);
                let result = match op {
                    Op::Add => x.checked_add(y),
                    Op::Sub => x.checked_sub(y),
                    Op::Mul => x.checked_mul(y),
                    Op::Div => {
                        if y.is_zero() {
                            return Err(EvalError::DivisionByZero(b.to_string()));
                        }
                        x.checked_div(y)
                    }
                };
                result.ok_or(EvalError::Overflow)?
            }
            Expr::Call(f, args) => {
                let mut vals = args.iter().map(|a| a.eval_reduced(vars));
                let first = vals.next().ok_or(EvalError::Overflow)??;
                vals.try_fold(first, |acc, v| {
                    let v = v?;
                    Ok(match f {
                        Func::Min => acc.min(v),
                        Func::Max => acc.max(v),
                    })
                })?
            }
        })
    }

    /// Variable names used, in order of first use.
    pub fn variables(&self, out: &mut Vec<String>) {
        match self {
            Expr::Num(_) => {}
            Expr::Var(v) => {
                if !out.contains(v) {
                    out.push(v.clone());
                }
            }
            Expr::Neg(e) => e.variables(out),
            Expr::Bin(_, a, b) => {
                a.variables(out);
                b.variables(out);
            }
            Expr::Call(_, args) => args.iter().for_each(|a| a.variables(out)),
        }
    }
}

impl std::fmt::Display for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expr::Num(d) => write!(f, "{}", plain(*d)),
            Expr::Var(v) => write!(f, "{v}"),
            Expr::Neg(e) => write!(f, "-{e}"),
            Expr::Bin(op, a, b) => {
                let s = match op {
                    Op::Add => "+",
                    Op::Sub => "-",
                    Op::Mul => "*",
                    Op::Div => "/",
                };
                write!(f, "({a} {s} {b})")
            }
            Expr::Call(func, args) => {
                let name = if *func == Func::Min { "min" } else { "max" };
                let parts: Vec<String> = args.iter().map(ToString::to_string).collect();
                write!(f, "{name}({})", parts.join(", "))
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct Variable {
    pub id: String,
    pub label: Text,
    /// The least value the evidence may give (`min = 1`): a value below it is refused, and
    /// a variable with `min` above 0 is a divisor that cannot be 0.
    pub min: Option<Decimal>,
}

#[derive(Debug, Clone)]
pub struct Formula {
    pub source: String,
    pub expr: Expr,
    pub variables: Vec<Variable>,
    pub when_undefined: Option<Decimal>,
    pub floor: Decimal,
    /// The leaf's rounding: the exact result is rounded once, here, and the scorer's own
    /// rounding of it to the same places then changes nothing.
    pub rounding: Rounding,
}

impl Formula {
    pub fn build(raw: &RawRule, max: Decimal, rounding: Rounding, code: &CriterionCode, cx: &mut Ctx) -> Option<Formula> {
        let Some(src) = &raw.expr else {
            cx.error(
                Code::InvalidRule,
                raw.kind.span(),
                msg!("{code}: quy tắc công thức cần khóa `expr`", "{code}: a formula rule needs `expr`"),
                msg!(
                    "thêm `expr = \"b / a * 1 + c / a * 0.5\"`",
                    "add `expr = \"b / a * 1 + c / a * 0.5\"`"
                ),
            );
            return None;
        };
        let text = src.get_ref().clone();
        // Offset of the string's content inside the TOML source (after the opening quote).
        let content_at = src.span().start + 1;
        let expr = match parse(&text) {
            Ok(e) => e,
            Err((at, msg)) => {
                let start = (content_at + at).min(src.span().end);
                cx.error(
                    Code::FormulaSyntax,
                    start..start + 1,
                    Msg::by(|l| format!("{code}: {}", msg.get(l))),
                    msg!(
                        "công thức gồm các số, tên biến, + - * /, dấu ngoặc, min(…) và max(…)",
                        "formulas use numbers, variable names, + - * /, parentheses, min(…) and max(…)"
                    ),
                );
                return None;
            }
        };
        let mut declared: Vec<Variable> = Vec::new();
        for v in raw.variables.iter().flatten() {
            let id = cx.text(&v.id);
            if v.points.is_some() {
                cx.error(
                    Code::InvalidRule,
                    v.id.span(),
                    msg!(
                        "{code}: biến `{id}` không được có `points`",
                        "{code}: variable `{id}` cannot have points"
                    ),
                    msg!("bỏ `points`", "remove `points`"),
                );
            }
            let min = match &v.min {
                Some(l) => match cx.share(l, &|| msg!("min của biến {id}", "min of variable {id}")) {
                    Some(m) if m.is_sign_negative() && !m.is_zero() => {
                        cx.error(
                            Code::InvalidRule,
                            l.span(),
                            Msg::by(|lang| match lang {
                                Lang::Vi => format!("{code}: `min` của biến `{id}` là số âm ({})", show(m, lang)),
                                Lang::En => format!("{code}: `min` of variable `{id}` is negative ({})", show(m, lang)),
                            }),
                            msg!(
                                "biến của công thức là số lượng hoặc tỷ lệ, không âm; ghi `min = 1` cho một mẫu số luôn dương",
                                "formula variables are counts and shares, never negative; write `min = 1` for a divisor that is always positive"
                            ),
                        );
                        None
                    }
                    m => m,
                },
                None => None,
            };
            declared.push(Variable {
                label: Text::new(
                    v.vi.clone().unwrap_or_else(|| id.clone()),
                    v.en.clone().unwrap_or_else(|| id.clone()),
                ),
                id,
                min,
            });
        }
        let mut used = Vec::new();
        expr.variables(&mut used);
        let mut ok = true;
        if raw.variables.is_some() {
            for u in &used {
                if !declared.iter().any(|d| &d.id == u) {
                    ok = false;
                    let hint = nearest(u, declared.iter().map(|d| d.id.as_str())).map_or_else(
                        || msg!("khai báo biến này trong `variables`", "declare it in `variables`"),
                        |s| msg!("có phải là `{s}`?", "did you mean `{s}`?"),
                    );
                    let at = text.find(u.as_str()).map_or(src.span().start, |i| content_at + i);
                    cx.error(
                        Code::FormulaUnknownVariable,
                        at..at + u.len(),
                        msg!(
                            "{code}: biến `{u}` trong công thức chưa được khai báo",
                            "{code}: unknown variable `{u}` in the formula"
                        ),
                        hint,
                    );
                }
            }
        } else {
            declared = used
                .iter()
                .map(|u| Variable {
                    id: u.clone(),
                    label: Text::new(u.clone(), u.clone()),
                    min: None,
                })
                .collect();
        }
        let when_undefined = match &raw.when_undefined {
            Some(l) => Some(cx.number(l, &Msg::same("when_undefined"))?),
            None => None,
        };
        let positive: Vec<&str> = declared
            .iter()
            .filter(|v| v.min.is_some_and(|m| m > Decimal::ZERO))
            .map(|v| v.id.as_str())
            .collect();
        if when_undefined.is_none() && could_divide_by_zero(&expr, &positive) {
            cx.warn(
                Code::DivisionByZero,
                src.span(),
                msg!(
                    "{code}: công thức chia cho một biến có thể bằng 0",
                    "{code}: the formula divides by a variable that can be 0"
                ),
                msg!(
                    "thêm `when_undefined = <điểm>` để quy định số điểm khi mẫu số bằng 0",
                    "add `when_undefined = <points>` to say what a zero denominator scores"
                ),
            );
        }
        let floor = super::floor(raw, Decimal::ZERO, max, code, cx)?;
        if let (Some(p), Some(lit)) = (when_undefined, &raw.when_undefined) {
            super::check_range(cx, code, lit.span(), "when_undefined", p, floor, max);
        }
        ok.then_some(Formula {
            source: text,
            expr,
            variables: declared,
            when_undefined,
            floor,
            rounding,
        })
    }

    pub fn evaluate(&self, input: &Input) -> Result<Outcome, Vec<Diagnostic>> {
        // The values by variable: on the stack for the few variables of real formulas.
        let (mut few, mut many) = ([None; 8], Vec::new());
        let values: &mut [Option<Decimal>] = match few.get_mut(..self.variables.len()) {
            Some(few) => few,
            None => {
                many.resize(self.variables.len(), None);
                &mut many
            }
        };
        let mut errors = Vec::new();
        for row in input.rows {
            let Some(item) = &row.item else {
                errors.push(row.invalid(
                    msg!(
                        "{}: dòng của quy tắc công thức cần ghi tên biến ở cột `item`",
                        "{}: a formula row needs the variable name in `item`",
                        row.target
                    ),
                    msg!("các biến: {}", "variables: {}", self.ids()),
                ));
                continue;
            };
            let Some((index, var)) = self.variables.iter().enumerate().find(|(_, v)| crate::text::same(&v.id, item)) else {
                let hint = nearest(item, self.variables.iter().map(|v| v.id.as_str()))
                    .map(|s| msg!("có phải là `{s}`? ", "did you mean `{s}`? "))
                    .unwrap_or_default();
                errors.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        msg!(
                            "{}: biến `{item}` không có trong công thức",
                            "{}: unknown variable `{item}`",
                            row.target
                        ),
                    )
                    .at(row.loc("item"))
                    .help(Msg::by(|l| {
                        format!("{}{}: {}", hint.get(l), crate::i18n::tr(l, "các biến", "variables"), self.ids())
                    })),
                );
                continue;
            };
            let value = if crate::text::trim(&row.value).ends_with('%') {
                parse_ratio(&row.value).map(|r| r.value())
            } else {
                parse_number(&row.value)
            };
            match value {
                // Rule tables count files, documents and shares: a negative count cannot score
                // right, so it is refused rather than carried into the formula.
                Ok(v) if v.is_sign_negative() && !v.is_zero() => errors.push(row.invalid(
                    msg!(
                        "{}: `{}` là số âm; biến của công thức là số lượng hoặc tỷ lệ",
                        "{}: `{}` is negative; formula variables are counts and shares",
                        row.target,
                        row.value.trim()
                    ),
                    msg!(
                        "ghi số lượng hoặc tỷ lệ là một số từ 0 trở lên, như 800",
                        "write the count or share as a number of zero or more, such as 800"
                    ),
                )),
                Ok(v) if var.min.is_some_and(|m| v < m) => errors.push(row.invalid(
                    Msg::by(|l| match l {
                        Lang::Vi => format!(
                            "{}: `{}` nhỏ hơn giá trị tối thiểu {} của biến `{}` ({})",
                            row.target,
                            row.value.trim(),
                            show(var.min.unwrap_or_default(), l),
                            var.id,
                            var.label.vi
                        ),
                        Lang::En => format!(
                            "{}: `{}` is below the least value {} of variable `{}` ({})",
                            row.target,
                            row.value.trim(),
                            show(var.min.unwrap_or_default(), l),
                            var.id,
                            var.label.en
                        ),
                    }),
                    Msg::by(|l| match l {
                        Lang::Vi => format!(
                            "bộ tiêu chí quy định `{}` ít nhất là {}; kiểm tra lại số liệu, hoặc ghi `không phát sinh` nếu tiêu chí cho phép",
                            var.id,
                            show(var.min.unwrap_or_default(), l)
                        ),
                        Lang::En => format!(
                            "the criteria set declares `{}` at least {}; check the value, or write `không phát sinh` where the criterion allows it",
                            var.id,
                            show(var.min.unwrap_or_default(), l)
                        ),
                    }),
                )),
                Ok(v) => values[index] = Some(v),
                Err(m) => errors.push(row.invalid(super::at_target(row, &m), msg!("ghi một số như 800", "write a number such as 800"))),
            }
        }
        for (v, value) in self.variables.iter().zip(values.iter()) {
            if value.is_none() && errors.is_empty() {
                let at = input.rows.first().map(|r| r.loc("criterion"));
                errors.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        Msg::new(
                            format!(
                                "{}: công thức cần biến `{}` ({}), nhưng không dòng nào ghi biến này",
                                input.code, v.id, v.label.vi
                            ),
                            format!(
                                "{}: the formula needs variable `{}` ({}), but no row gives it",
                                input.code, v.id, v.label.en
                            ),
                        ),
                    )
                    .at_opt(at)
                    .help(msg!(
                        "thêm một dòng có item `{}` và giá trị của biến",
                        "add a row with item `{}` and its value",
                        v.id
                    )),
                );
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let value = |i: usize| values[i].unwrap_or_default();
        let bindings = || {
            self.variables
                .iter()
                .enumerate()
                .map(|(i, v)| format!("{} = {}", v.id, plain(value(i))))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // The values by the variables' titles, for the reasons a reader sees.
        let titled = |lang: Lang| {
            self.variables
                .iter()
                .enumerate()
                .map(|(i, v)| format!("{} = {}", v.label.get(lang), show(value(i), lang)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let given = Given {
            variables: &self.variables,
            values,
        };
        let exact = match self.expr.eval(&given) {
            Ok(q) => q,
            Err(EvalError::DivisionByZero(den)) => {
                let Some(p) = self.when_undefined else {
                    let at = input.rows.first().map(|r| r.loc("value"));
                    return Err(vec![
                        Diagnostic::error(
                            Code::DivisionByZero,
                            msg!(
                                "{}: phép chia cho 0 trong `{}` ({}): `{den}` bằng 0",
                                "{}: division by zero in `{}` ({}): `{den}` is 0",
                                input.code,
                                self.source,
                                bindings()
                            ),
                        )
                        .at_opt(at)
                        .help(msg!(
                            "kiểm tra lại các giá trị, hoặc thêm `when_undefined = <điểm>` vào quy tắc",
                            "check the values, or add `when_undefined = <points>` to the rule"
                        )),
                    ]);
                };
                let points = p.min(input.max).max(self.floor);
                if !input.explain {
                    return Ok(Outcome {
                        points,
                        reason: Text::default(),
                    });
                }
                let of = of_max(points, input.max);
                return Ok(Outcome {
                    points,
                    reason: Text::new(
                        format!(
                            "{} với {}: {} = 0, không xác định → {}",
                            self.shown(&self.source, Lang::Vi),
                            titled(Lang::Vi),
                            self.shown(&den, Lang::Vi),
                            of.vi
                        ),
                        format!(
                            "{} with {}: {} is 0, undefined → {}",
                            self.shown(&self.source, Lang::En),
                            titled(Lang::En),
                            self.shown(&den, Lang::En),
                            of.en
                        ),
                    ),
                });
            }
            Err(EvalError::Overflow) => {
                return Err(vec![
                    Diagnostic::error(
                        Code::InvalidValue,
                        msg!(
                            "{}: `{}` quá lớn để tính chính xác ({})",
                            "{}: `{}` is too large to compute exactly ({})",
                            input.code,
                            self.source,
                            bindings()
                        ),
                    )
                    .at_opt(input.rows.first().map(|r| r.loc("value")))
                    .help(msg!(
                        "kiểm tra lại các giá trị; kết quả trung gian của công thức phải nhỏ hơn khoảng 10^38",
                        "check the values; a formula's intermediate results must stay below about 10^38"
                    )),
                ]);
            }
            Err(EvalError::Unbound(v)) => {
                return Err(vec![Diagnostic::error(
                    Code::InvalidValue,
                    msg!("{}: không có giá trị cho `{v}`", "{}: no value for `{v}`", input.code),
                )]);
            }
        };
        // Keep the exact result between the floor and the maximum, then round it once.
        let (max, floor) = (Fraction::from_decimal(input.max), Fraction::from_decimal(self.floor));
        // (not `clamp`, which panics if a floor above the maximum ever got this far)
        let kept = exact.min(max).max(floor);
        let too_large = || {
            vec![
                Diagnostic::error(
                    Code::InvalidValue,
                    msg!(
                        "{}: kết quả của công thức quá lớn",
                        "{}: the formula's result is too large",
                        input.code
                    ),
                )
                .at_opt(input.rows.first().map(|r| r.loc("value"))),
            ]
        };
        let (points, points_exact) = kept.round(self.rounding).ok_or_else(too_large)?;
        if !input.explain {
            return Ok(Outcome {
                points,
                reason: Text::default(),
            });
        }
        let of = of_max(points, input.max);
        let rounding = self.rounding;
        // What the expression gave, shown rounded like the points: `= 10` when exact,
        // `≈ 0.333 (half-up, 3)` when not; a result beyond a decimal's range as `> max`.
        let value = |lang| {
            if kept == exact {
                if points_exact { String::new() } else { rounding.note(points, lang) }
            } else {
                match exact.round(rounding) {
                    Some((d, true)) => format!(" = {}", show(d, lang)),
                    Some((d, false)) => format!(" ≈ {}", show(d, lang)),
                    // (a value too large to round is never equal to the max, so `>=` is the same)
                    None if exact > max => format!(" > {}", show(input.max, lang)),
                    None => format!(" < {}", show(self.floor, lang)),
                }
            }
        };
        Ok(Outcome {
            points,
            reason: Text::new(
                format!(
                    "{} với {}{} → {}",
                    self.shown(&self.source, Lang::Vi),
                    titled(Lang::Vi),
                    value(Lang::Vi),
                    of.vi
                ),
                format!(
                    "{} with {}{} → {}",
                    self.shown(&self.source, Lang::En),
                    titled(Lang::En),
                    value(Lang::En),
                    of.en
                ),
            ),
        })
    }

    /// The expression as a reader sees it in `lang`: variables by their titles (in
    /// brackets), numbers in the language's notation, `×` for `*`, `−` for minus.
    fn shown(&self, text: &str, lang: Lang) -> String {
        let Ok(toks) = lex(text) else { return text.to_string() };
        let mut out = String::new();
        let mut operand_before = false;
        for (_, tok) in toks {
            match tok {
                Tok::Num(d) => {
                    out.push_str(&show(d, lang));
                    operand_before = true;
                }
                Tok::Ident(id) => {
                    match self.variables.iter().find(|v| v.id == id) {
                        // A title of several words is bracketed, so the operators stand out.
                        Some(v) if v.label.get(lang).contains(' ') => {
                            out.push('[');
                            out.push_str(v.label.get(lang));
                            out.push(']');
                        }
                        Some(v) => out.push_str(v.label.get(lang)),
                        None => out.push_str(&id),
                    }
                    operand_before = true;
                }
                Tok::Sym(c) => {
                    match c {
                        '-' if !operand_before => out.push('−'),
                        '+' | '-' | '*' | '/' => {
                            out.push(' ');
                            out.push(match c {
                                '*' => '×',
                                '-' => '−',
                                other => other,
                            });
                            out.push(' ');
                        }
                        ',' => out.push_str(", "),
                        other => out.push(other),
                    }
                    operand_before = c == ')';
                }
            }
        }
        out
    }

    fn ids(&self) -> String {
        self.variables.iter().map(|v| v.id.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// True when some divisor depends on a variable and may be 0 for some unit. A divisor built
/// only from variables declared with `min` above 0 (`positive`) and positive numbers, by
/// `+`, `*` and `/`, cannot be: `b / a` with `a` declared `min = 1` raises no warning.
fn could_divide_by_zero(e: &Expr, positive: &[&str]) -> bool {
    match e {
        Expr::Num(_) | Expr::Var(_) => false,
        Expr::Neg(x) => could_divide_by_zero(x, positive),
        Expr::Bin(op, a, b) => {
            let mut vars = Vec::new();
            b.variables(&mut vars);
            (*op == Op::Div && !vars.is_empty() && !is_positive(b, positive))
                || could_divide_by_zero(a, positive)
                || could_divide_by_zero(b, positive)
        }
        Expr::Call(_, args) => args.iter().any(|a| could_divide_by_zero(a, positive)),
    }
}

/// Whether `e` is above 0 for every accepted evidence (variables are never negative).
fn is_positive(e: &Expr, positive: &[&str]) -> bool {
    match e {
        Expr::Num(n) => *n > Decimal::ZERO,
        Expr::Var(v) => positive.contains(&v.as_str()),
        Expr::Bin(Op::Add, a, b) => (is_positive(a, positive) && is_non_negative(b)) || (is_non_negative(a) && is_positive(b, positive)),
        Expr::Bin(Op::Mul | Op::Div, a, b) => is_positive(a, positive) && is_positive(b, positive),
        _ => false,
    }
}

/// Whether `e` is never below 0: variables (refused when negative), numbers of 0 or more,
/// and their sums, products and quotients.
fn is_non_negative(e: &Expr) -> bool {
    match e {
        Expr::Num(n) => *n >= Decimal::ZERO,
        Expr::Var(_) => true,
        Expr::Bin(Op::Add | Op::Mul | Op::Div, a, b) => is_non_negative(a) && is_non_negative(b),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rule;
    use crate::rules::testing::{build_errors, build_warnings, eval, points, rule, rule_rounded};

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn q(s: &str) -> Fraction {
        Fraction::from_decimal(d(s))
    }

    #[test]
    fn a_long_flat_chain_is_refused_before_it_can_exhaust_the_stack() {
        let long = vec!["a"; 100_001].join(" + ");
        let (_, msg) = parse(&long).unwrap_err();
        assert_eq!(
            msg.en(),
            format!("the expression is {} bytes long; formulas have at most 1000 parts", long.len())
        );
        assert_eq!(
            msg.vi(),
            format!("biểu thức dài {} byte; công thức có nhiều nhất 1000 thành phần", long.len())
        );
        let just_over = vec!["a"; 501].join("+");
        let (at, msg) = parse(&just_over).unwrap_err();
        assert_eq!((at, msg.en()), (1000, "the expression has 1001 parts; formulas have at most 1000"));
        assert_eq!(msg.vi(), "biểu thức có 1001 thành phần; công thức có nhiều nhất 1000");
        let at_limit = vec!["a"; 500].join("+");
        assert!(parse(&at_limit).is_ok());
    }

    #[test]
    fn negative_variables_are_refused() {
        let rule = rounded("b / a * 2", "2", 3, "half-up");
        let e = crate::rules::testing::eval(&rule, "2", &[("a", "-2000"), ("b", "-1000")]).unwrap_err();
        assert_eq!(
            e[0].message.en(),
            "9.9: `-2000` is negative; formula variables are counts and shares"
        );
        assert_eq!(e.len(), 2);
        // Zero is a count like any other.
        let ok = crate::rules::testing::eval(&rule, "2", &[("a", "2000"), ("b", "0")]).unwrap();
        assert_eq!(ok.points, Decimal::ZERO);
    }

    /// Tiền Giang 1.4.2: (b/a)·1 + (c/a)·0.5, with `a` (issues found) declared at least 1.
    const TIEN_GIANG: &str = r#"kind = "formula"
expr = "b / a * 1 + c / a * 0.5"
variables = [
  { id = "a", vi = "số vấn đề phát hiện", en = "issues found", min = 1 },
  { id = "b", vi = "số đã xử lý xong", en = "resolved" },
  { id = "c", vi = "số đang xử lý", en = "being resolved" },
]"#;

    #[test]
    fn a_variable_declared_positive_is_a_safe_divisor() {
        assert!(build_warnings(TIEN_GIANG, "1").is_empty());
        let r = rule(TIEN_GIANG, "1");
        assert_eq!(points(&r, "1", &[("a", "4"), ("b", "2"), ("c", "1")]), "0.625");
        assert_eq!(points(&r, "1", &[("a", "1"), ("b", "1"), ("c", "0")]), "1");
        // At the least value: accepted; below it: refused at the value cell.
        assert_eq!(points(&r, "1", &[("a", "1"), ("b", "0"), ("c", "1")]), "0.5");
        let e = eval(&r, "1", &[("a", "0"), ("b", "0"), ("c", "0")]).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].code, Code::InvalidValue);
        assert_eq!(
            e[0].message.en(),
            "9.9: `0` is below the least value 1 of variable `a` (issues found)"
        );
        assert_eq!(
            e[0].message.vi(),
            "9.9: `0` nhỏ hơn giá trị tối thiểu 1 của biến `a` (số vấn đề phát hiện)"
        );
        assert_eq!(e[0].location.as_ref().unwrap().field.as_deref(), Some("value"));
        assert!(eval(&r, "1", &[("a", "0.5"), ("b", "0"), ("c", "0")]).is_err());
        // A positive `min` below 1 also makes a safe divisor; `min = 0` does not.
        let with = |min: &str, expr: &str| {
            build_warnings(
                &format!("kind = \"formula\"\nexpr = \"{expr}\"\nvariables = [{{ id = \"a\", min = {min} }}, {{ id = \"b\" }}]"),
                "1",
            )
            .iter()
            .map(|d| d.code)
            .collect::<Vec<_>>()
        };
        assert_eq!(with("0.5", "b / a"), []);
        assert_eq!(with("0", "b / a"), [Code::DivisionByZero]);
        // Sums and products with a positive part stay positive; a difference may not.
        assert_eq!(with("1", "b / (a + b)"), []);
        assert_eq!(with("1", "b / (a * 2)"), []);
        assert_eq!(with("1", "b / (a * b)"), [Code::DivisionByZero]);
        assert_eq!(with("1", "b / (a / 4)"), []);
        assert_eq!(with("1", "b / (a / b)"), [Code::DivisionByZero]);
        assert_eq!(with("1", "b / (b + a)"), []);
        assert_eq!(with("1", "b / (a + -1)"), [Code::DivisionByZero]);
        assert_eq!(with("1", "b / (a * 0)"), [Code::DivisionByZero]);
        assert_eq!(with("1", "b / min(a, 1)"), [Code::DivisionByZero]);
        assert_eq!(with("1", "b / (a - 1)"), [Code::DivisionByZero]);
        assert_eq!(with("1", "b / b"), [Code::DivisionByZero]);
        // A sum or product divides nothing.
        assert_eq!(with("0", "a + b"), []);
        assert_eq!(with("0", "a * b"), []);
    }

    #[test]
    fn min_is_checked_when_the_file_loads() {
        let e = build_errors(
            "kind = \"formula\"\nexpr = \"b / a\"\nvariables = [{ id = \"a\", min = -1 }, { id = \"b\" }]",
            "1",
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].code, Code::InvalidRule);
        assert_eq!(e[0].message.en(), "9.9: `min` of variable `a` is negative (\u{2212}1)");
        assert_eq!(e[0].message.vi(), "9.9: `min` của biến `a` là số âm (\u{2212}1)");
        let e = build_errors(
            "kind = \"formula\"\nexpr = \"b / a\"\nvariables = [{ id = \"a\", min = \"x\" }, { id = \"b\" }]",
            "1",
        );
        assert_eq!(e[0].code, Code::InvalidNumber);
        // A share as the least value.
        let r = rule("kind = \"formula\"\nexpr = \"a\"\nvariables = [{ id = \"a\", min = \"50%\" }]", "1");
        assert_eq!(points(&r, "1", &[("a", "50%")]), "0.5");
        assert!(eval(&r, "1", &[("a", "49,9%")]).is_err());
    }

    #[test]
    fn floor_above_the_maximum_is_an_error() {
        let e = build_errors("kind = \"formula\"\nexpr = \"a\"\nfloor = 1.5", "1");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].code, Code::PointsAboveMax);
        assert_eq!(e[0].message.en(), "9.9: floor 1.5 is above the maximum 1");
        assert!(build_errors("kind = \"formula\"\nexpr = \"a\"\nfloor = 1", "1").is_empty());
    }

    #[test]
    fn formulas_of_many_variables() {
        // Eight variables fill the values kept on the stack; ten go beyond them.
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        for n in [8, 10] {
            let expr = format!("({}) / 100", names[..n].join(" + "));
            let r = rule(&format!("kind = \"formula\"\nexpr = \"{expr}\""), "1");
            let values: Vec<String> = (1..=n).map(|v| v.to_string()).collect();
            let given: Vec<(&str, &str)> = names[..n].iter().copied().zip(values.iter().map(String::as_str)).collect();
            let expected = if n == 8 { "0.36" } else { "0.55" };
            assert_eq!(points(&r, "1", &given), expected, "{n}");
            let e = eval(&r, "1", &given[..n - 1]).unwrap_err();
            assert!(
                e[0].message.en().contains(&format!("variable `{}`", names[n - 1])),
                "{}",
                e[0].message
            );
        }
    }

    #[test]
    fn a_share_binds_its_fraction() {
        let r = rule("kind = \"formula\"\nexpr = \"a * 2\"", "1");
        assert_eq!(points(&r, "1", &[("a", "40%")]), "0.8");
    }

    #[test]
    fn precedence_and_functions() {
        let vars: BTreeMap<String, Decimal> = [("a".to_string(), d("4")), ("b".to_string(), d("2"))].into();
        assert_eq!(parse("1 + 2 * 3").unwrap().eval(&vars), Ok(q("7")));
        assert_eq!(parse("(1 + 2) * 3").unwrap().eval(&vars), Ok(q("9")));
        assert_eq!(parse("-a + b").unwrap().eval(&vars), Ok(q("-2")));
        assert_eq!(parse("min(a, b, 3) + max(a, 1)").unwrap().eval(&vars), Ok(q("6")));
        assert_eq!(parse("a × b ÷ 8").unwrap().eval(&vars), Ok(q("1")));
        assert_eq!(parse("0.1 + 0.2").unwrap().eval(&vars), Ok(q("0.3")));
        assert_eq!(
            parse("a / (b - 2)").unwrap().eval(&vars),
            Err(EvalError::DivisionByZero("(b - 2)".into()))
        );
        assert!(parse("1 +").is_err());
        assert!(parse("1 2").is_err());
        assert!(parse("foo(1)").is_err());
        assert!(parse("1 $ 2").is_err());
        assert!(parse(&"(".repeat(500)).is_err());
        assert!(parse(&"-".repeat(500)).is_err());
    }

    #[test]
    fn nesting_is_limited_in_depth_not_in_length() {
        // The top level is one level: 63 parentheses or minus signs deep is the most accepted.
        let parens = |n| format!("{}1{}", "(".repeat(n), ")".repeat(n));
        assert!(parse(&parens(63)).is_ok());
        let e = parse(&parens(64)).unwrap_err();
        assert_eq!((e.0, e.1.en()), (64, "the expression nests deeper than 64 levels"));
        assert_eq!(e.1.vi(), "biểu thức lồng sâu quá 64 cấp");
        assert!(parse(&format!("{}1", "-".repeat(63))).is_ok());
        assert!(parse(&format!("{}1", "-".repeat(64))).is_err());
        // Side by side, groups and signs do not add up.
        assert!(parse(&vec!["(-(1))"; 100].join(" + ")).is_ok());
        assert!(parse(&vec!["-1"; 200].join(" * ")).is_ok());
    }

    #[test]
    fn reasons_name_the_variables_by_their_titles() {
        let r = rule(
            r#"kind = "formula"
expr = "min(1, b / a * 0.5 + -c)"
variables = [
  { id = "a", vi = "số vấn đề phát hiện", en = "issues found" },
  { id = "b", vi = "số đã xử lý", en = "resolved" },
  { id = "c", vi = "số bị trả lại", en = "returned" },
]"#,
            "1",
        );
        let out = eval(&r, "1", &[("a", "4"), ("b", "3"), ("c", "0")]).unwrap();
        assert_eq!(
            out.reason.vi,
            "min(1, [số đã xử lý] / [số vấn đề phát hiện] × 0,5 + −[số bị trả lại]) với số vấn đề phát hiện = 4, số đã xử lý = 3, số bị trả lại = 0 → 0,375/1 điểm"
        );
        assert_eq!(
            out.reason.en,
            "min(1, resolved / [issues found] × 0.5 + −returned) with issues found = 4, resolved = 3, returned = 0 → 0.375 of 1"
        );
    }

    #[test]
    fn weighted_formula_over_counts() {
        let r = rule(
            r#"kind = "formula"
expr = "b / a * 1 + c / a * 0.5"
variables = [{ id = "a" }, { id = "b" }, { id = "c" }]
when_undefined = 1"#,
            "1",
        );
        assert_eq!(points(&r, "1", &[("a", "4"), ("b", "3"), ("c", "1")]), "0.875");
        assert_eq!(points(&r, "1", &[("a", "4"), ("b", "4"), ("c", "0")]), "1");
        assert_eq!(points(&r, "1", &[("a", "0"), ("b", "0"), ("c", "0")]), "1");
        let out = eval(&r, "1", &[("a", "0"), ("b", "0"), ("c", "0")]).unwrap();
        assert!(out.reason.en.contains("a is 0, undefined"), "{}", out.reason.en);
        let e = eval(&r, "1", &[("a", "4"), ("b", "3")]).unwrap_err();
        assert!(e[0].message.en().contains("needs variable `c`"));
    }

    #[test]
    fn division_by_zero_is_an_error_without_a_fallback() {
        let r = rule("kind = \"formula\"\nexpr = \"min(6, l3 / total * 2 + l4 / total * 6)\"", "6");
        assert_eq!(points(&r, "6", &[("l3", "800"), ("l4", "115"), ("total", "2000")]), "1.145");
        let e = eval(&r, "6", &[("l3", "0"), ("l4", "0"), ("total", "0")]).unwrap_err();
        assert_eq!(e[0].code, Code::DivisionByZero);
        assert!(e[0].message.en().contains("`total` is 0"), "{}", e[0].message);
        let w = build_warnings("kind = \"formula\"\nexpr = \"a / b\"", "1");
        assert_eq!(w[0].code, Code::DivisionByZero);
    }

    #[test]
    fn results_are_clamped_to_floor_and_max() {
        let r = rule("kind = \"formula\"\nexpr = \"x * 2\"", "1");
        assert_eq!(points(&r, "1", &[("x", "5")]), "1");
        assert_eq!(eval(&r, "1", &[("x", "5")]).unwrap().reason.en, "x × 2 with x = 5 = 10 → 1 of 1");
        let below = rule("kind = \"formula\"\nexpr = \"x - 10\"", "1");
        assert_eq!(points(&below, "1", &[("x", "5")]), "0");
    }

    #[test]
    fn syntax_and_unknown_variables_are_located() {
        let e = build_errors("kind = \"formula\"\nexpr = \"a + * b\"", "1");
        assert_eq!(e[0].code, Code::FormulaSyntax);
        assert_eq!(e[0].location.as_ref().unwrap().column, 13);
        // The caret is under the one character.
        let excerpt = e[0].location.as_ref().unwrap().excerpt.clone().unwrap();
        assert_eq!((excerpt.start, excerpt.end), (12, 13));
        let e = build_errors(
            "kind = \"formula\"\nexpr = \"a + bb\"\nvariables = [{ id = \"a\" }, { id = \"b\" }]",
            "1",
        );
        assert_eq!(e[0].code, Code::FormulaUnknownVariable);
        assert_eq!(e[0].help.as_ref().map(crate::i18n::Msg::en), Some("did you mean `b`?"));
        let excerpt = e[0].location.as_ref().unwrap().excerpt.clone().unwrap();
        assert_eq!((excerpt.start, excerpt.end), (12, 14));
    }

    #[test]
    fn evidence_rows_name_the_variables() {
        let r = rule(
            "kind = \"formula\"\nexpr = \"a + b + c\"\nvariables = [{ id = \"a\" }, { id = \"b\" }, { id = \"c\" }]",
            "1",
        );
        let e = eval(&r, "1", &[("", "1")]).unwrap_err();
        assert_eq!(e[0].message.en(), "9.9: a formula row needs the variable name in `item`");
        assert_eq!(e[0].help.as_ref().map(crate::i18n::Msg::en), Some("variables: a, b, c"));
        let e = eval(&r, "1", &[("bb", "1")]).unwrap_err();
        assert_eq!(
            e[0].help.as_ref().map(crate::i18n::Msg::en),
            Some("did you mean `b`? variables: a, b, c")
        );
    }

    #[test]
    fn expressions_display_with_their_functions() {
        assert_eq!(
            parse("min(a, b) / max(a, 1) - -c").unwrap().to_string(),
            "((min(a, b) / max(a, 1)) - -c)"
        );
    }

    #[test]
    fn floor_and_when_undefined_lie_within_the_maximum() {
        let codes = |fields: &str| {
            build_errors(&format!("kind = \"formula\"\nexpr = \"a / b\"\n{fields}"), "1")
                .iter()
                .map(|d| d.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes("floor = 1.5\nwhen_undefined = 1"), [Code::PointsAboveMax]);
        assert_eq!(codes("floor = 1\nwhen_undefined = 1"), []);
        assert_eq!(codes("when_undefined = 1.5"), [Code::PointsAboveMax]);
        assert_eq!(codes("when_undefined = 1"), []);
        assert_eq!(codes("when_undefined = -0.5"), [Code::PointsAboveMax]);
        assert_eq!(codes("when_undefined = -0.5\nfloor = -0.5"), []);
        let e = build_errors("kind = \"formula\"\nexpr = \"a\"\nfloor = 2", "1");
        assert_eq!(e[0].message.en(), "9.9: floor 2 is above the maximum 1");
        assert_eq!(e[0].location.as_ref().unwrap().line, 3);
    }

    #[test]
    fn only_a_divisor_with_a_variable_warns_of_division_by_zero() {
        // (`a / (b + 1)`: variables are never negative, so `b + 1` is at least 1.)
        for expr in ["a + b", "x * y", "a - b * 2", "min(a, b) / 4", "a / 2 + b / 0.5", "a / (b + 1)"] {
            let w = build_warnings(&format!("kind = \"formula\"\nexpr = \"{expr}\""), "1");
            assert!(w.is_empty(), "{expr}: {w:?}");
        }
        for expr in ["a / b", "a / (b - 1)", "a / (b + 0)", "-(1 / x)", "max(1, 2 / x)", "(a / b) * 2"] {
            let w = build_warnings(&format!("kind = \"formula\"\nexpr = \"{expr}\""), "1");
            assert_eq!(w.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::DivisionByZero], "{expr}");
        }
    }

    /// A formula rule on a leaf worth `max`, rounded to `places` with `strategy`.
    fn rounded(expr: &str, max: &str, places: u32, strategy: &str) -> Rule {
        let rounding = Rounding {
            places,
            strategy: crate::number::RoundingStrategy::parse(strategy).unwrap(),
        };
        rule_rounded(&format!("kind = \"formula\"\nexpr = \"{expr}\""), max, rounding)
    }

    fn vars(pairs: &[(&str, &str)]) -> BTreeMap<String, Decimal> {
        pairs.iter().map(|(k, v)| ((*k).to_string(), d(v))).collect()
    }

    #[test]
    fn dividing_then_multiplying_back_is_exact() {
        // In Decimal, 4 / 3 * 3 is 3.9999999999999999999999999999, which rounds down to 3.99.
        let decimal = (d("4") / d("3") * d("3")).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero);
        assert_eq!(decimal.to_string(), "3.99");
        for expr in [
            "a / 3 * 3",
            "(a / 3) * 3",
            "a * 3 / 3",
            "a / 7 * 7",
            "a / 3 / 7 * 21",
            "3 * (a / 3)",
        ] {
            assert_eq!(parse(expr).unwrap().eval(&vars(&[("a", "4")])), Ok(q("4")), "{expr}");
            let r = rounded(expr, "10", 2, "down");
            assert_eq!(points(&r, "10", &[("a", "4")]), "4", "{expr}");
            assert_eq!(
                eval(&r, "10", &[("a", "4")]).unwrap().reason.en,
                format!("{} with a = 4 → 4 of 10", expr.replace('*', "×"))
            );
        }
        let r = rounded("a / 3 * 3", "10", 2, "down");
        assert_eq!(points(&r, "10", &[("a", "0.01")]), "0.01");
        assert_eq!(points(&r, "10", &[("a", "9.99")]), "9.99");
    }

    #[test]
    fn midpoints_are_rounded_from_the_exact_value() {
        let e = "b / a + c / a / 2";
        // 1/12 + 1/24 = 0.125 exactly; Decimal gives 0.1249999…, which half-up makes 0.12.
        assert_eq!(
            parse(e).unwrap().eval(&vars(&[("a", "12"), ("b", "1"), ("c", "1")])),
            Ok(q("0.125"))
        );
        assert_eq!(
            points(&rounded(e, "1", 2, "half-up"), "1", &[("a", "12"), ("b", "1"), ("c", "1")]),
            "0.13"
        );
        assert_eq!(
            points(&rounded(e, "1", 2, "half-even"), "1", &[("a", "12"), ("b", "1"), ("c", "1")]),
            "0.12"
        );
        assert_eq!(
            points(&rounded(e, "1", 2, "down"), "1", &[("a", "12"), ("b", "1"), ("c", "1")]),
            "0.12"
        );
        // 7/12 + 1/24 = 0.625; Decimal gives 0.6250…01, which half-even makes 0.63.
        assert_eq!(
            points(&rounded(e, "1", 2, "half-even"), "1", &[("a", "12"), ("b", "5"), ("c", "5")]),
            "0.62"
        );
        assert_eq!(
            points(&rounded(e, "1", 2, "half-up"), "1", &[("a", "12"), ("b", "5"), ("c", "5")]),
            "0.63"
        );
        // 1/12 + 7/24 = 0.375; Decimal gives 0.3749…, which both half strategies make 0.37.
        assert_eq!(
            points(&rounded(e, "1", 2, "half-even"), "1", &[("a", "12"), ("b", "1"), ("c", "7")]),
            "0.38"
        );
        assert_eq!(
            points(&rounded(e, "1", 2, "half-up"), "1", &[("a", "12"), ("b", "1"), ("c", "7")]),
            "0.38"
        );
        // 1/3 + 1/6 = 0.5; Decimal gives 0.4999…, which down makes 0.49.
        assert_eq!(
            points(&rounded(e, "1", 2, "down"), "1", &[("a", "3"), ("b", "1"), ("c", "1")]),
            "0.5"
        );
        // A result between two places is shown rounded, with the strategy, not 28 digits.
        let out = eval(&rounded(e, "1", 3, "half-up"), "1", &[("a", "3"), ("b", "1"), ("c", "0")]).unwrap();
        assert_eq!(out.points.to_string(), "0.333");
        assert_eq!(
            out.reason.en,
            "b / a + c / a / 2 with b = 1, a = 3, c = 0 ≈ 0.333 (rounded half-up, 3 decimal places) → 0.333 of 1"
        );
        assert_eq!(
            out.reason.vi,
            "b / a + c / a / 2 với b = 1, a = 3, c = 0 ≈ 0,333 (làm tròn thông thường, 3 chữ số thập phân) → 0,333/1 điểm"
        );
    }

    #[test]
    fn min_and_max_compare_exactly() {
        let v = vars(&[("a", "1"), ("b", "3")]);
        // 1/3 against 0.3333333333333333333333333333 (28 threes): the fraction is larger.
        let third = "0.3333333333333333333333333333";
        assert_eq!(
            parse(&format!("max(a / b, {third})")).unwrap().eval(&v),
            Ok(Fraction::new(1, 3).unwrap())
        );
        assert_eq!(parse(&format!("min(a / b, {third})")).unwrap().eval(&v), Ok(q(third)));
        assert_eq!(parse("min(a / b * b, 1)").unwrap().eval(&v), Ok(q("1")));
    }

    #[test]
    fn very_large_and_very_small_operands() {
        // The largest evidence number (just under 10^18) and a very small one.
        let big = "999999999999999999";
        let tiny = "0.000000000000000001";
        // big × big ≈ 10^36 is beyond a Decimal, but exact here; ÷ big brings it back.
        let r = rule("kind = \"formula\"\nexpr = \"a * b / c\"", big);
        assert_eq!(points(&r, big, &[("a", big), ("b", big), ("c", big)]), big);
        let r = rule("kind = \"formula\"\nexpr = \"a * b\"", "1");
        let out = eval(&r, "1", &[("a", big), ("b", big)]).unwrap();
        assert_eq!(out.points.to_string(), "1");
        assert_eq!(out.reason.en, format!("a × b with a = {big}, b = {big} > 1 → 1 of 1"));
        // 10^-18 × 10^-18 = 10^-36 underflows a Decimal to 0; exactly, × 10^36 is 1.
        let e9 = "1000000000";
        let r = rule(&format!("kind = \"formula\"\nexpr = \"a * b * {e9} * {e9} * {e9} * {e9}\""), "1");
        assert_eq!(points(&r, "1", &[("a", tiny), ("b", tiny)]), "1");
        let r = rule("kind = \"formula\"\nexpr = \"a / b\"\nwhen_undefined = 0", "1");
        assert_eq!(points(&r, "1", &[("a", tiny), ("b", tiny)]), "1");
        assert_eq!(points(&r, "1", &[("a", tiny), ("b", big)]), "0");
        let r = rule("kind = \"formula\"\nexpr = \"(0 - a) * b\"", "1");
        let out = eval(&r, "1", &[("a", big), ("b", big)]).unwrap();
        assert_eq!(out.reason.en, format!("(0 − a) × b with a = {big}, b = {big} < 0 → 0 of 1"));
        // A product beyond i128 is a located error, not a panic or a wrong number.
        let r = rule("kind = \"formula\"\nexpr = \"a * b * c\"", "1");
        let e = eval(&r, "1", &[("a", big), ("b", big), ("c", big)]).unwrap_err();
        assert_eq!(e[0].code, Code::InvalidValue);
        assert_eq!(
            e[0].message.en(),
            format!("9.9: `a * b * c` is too large to compute exactly (a = {big}, b = {big}, c = {big})")
        );
        assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(2));
        let e = eval(&r, "1", &[("a", tiny), ("b", tiny), ("c", tiny)]).unwrap_err();
        assert!(e[0].message.en().contains("too large to compute exactly"), "{}", e[0].message);
        assert_eq!(parse("a * a * a").unwrap().eval(&vars(&[("a", big)])), Err(EvalError::Overflow));
    }

    #[test]
    fn office_figures_take_the_quick_way() {
        let v = vars(&[("a", "695"), ("b", "597"), ("c", "40")]);
        let e = parse("b / a * 1 + c / a * 0.5").unwrap();
        // Unreduced: b/a·1 is 597/695 and c/a·0.5 is 200/6950, so their sum is
        // (597·6950 + 200·695) / (695·6950).
        assert_eq!(e.quick(&v), Some((4_288_150, 4_830_250)));
        assert_eq!(e.eval(&v), Ok(Fraction::new(617, 695).unwrap()));
        assert_eq!(parse("min(a, b) - max(c, 0.5, -a)").unwrap().quick(&v), Some((557, 1)));
        assert_eq!(parse("a / -b").unwrap().quick(&v), Some((-695, 597)));
        assert_eq!(parse("a / (b - 597)").unwrap().quick(&v), None);
        assert_eq!(parse("z").unwrap().quick(&v), None);
    }

    fn arb_expr() -> impl proptest::strategy::Strategy<Value = Expr> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            (-2000i64..2000, 0u32..5).prop_map(|(m, s)| Expr::Num(Decimal::new(m, s))),
            (proptest::num::i64::ANY, 0u32..29).prop_map(|(m, s)| Expr::Num(Decimal::new(m, s))),
            prop::sample::select(vec!["a", "b", "c", "z"]).prop_map(|v| Expr::Var(v.to_string())),
        ];
        leaf.prop_recursive(6, 40, 3, |inner| {
            prop_oneof![
                inner.clone().prop_map(|e| Expr::Neg(Box::new(e))),
                (
                    prop::sample::select(vec![Op::Add, Op::Sub, Op::Mul, Op::Div]),
                    inner.clone(),
                    inner.clone()
                )
                    .prop_map(|(op, a, b)| Expr::Bin(op, Box::new(a), Box::new(b))),
                (prop::sample::select(vec![Func::Min, Func::Max]), prop::collection::vec(inner, 1..4))
                    .prop_map(|(f, args)| Expr::Call(f, args)),
            ]
        })
    }

    fn arb_value() -> impl proptest::strategy::Strategy<Value = Decimal> {
        use proptest::prelude::*;
        prop_oneof![
            (-1000i64..1000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s)),
            (proptest::num::i64::ANY, 0u32..29).prop_map(|(m, s)| Decimal::new(m, s)),
            Just(Decimal::ZERO),
            Just(Decimal::MAX),
        ]
    }

    proptest::proptest! {
        /// The quick way gives what the reduced way gives, errors included: small and huge
        /// numbers, zeros, negative values, nesting, a variable without a value.
        #[test]
        fn the_quick_way_agrees_with_the_reduced_way(
            e in arb_expr(),
            values in proptest::collection::vec(arb_value(), 3),
        ) {
            let v: BTreeMap<String, Decimal> = ["a", "b", "c"].iter().map(|n| n.to_string()).zip(values).collect();
            proptest::prop_assert_eq!(e.eval(&v), e.eval_reduced(&v));
        }
    }
}
