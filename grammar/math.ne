# texgrad math grammar. Precedence, low → high: relations; + −; products (juxtaposition, \cdot, \times, \odot,
# \circ, \oslash, \otimes, /); unary minus; postfix ^ and _. Tokens come from src/parse/tokens.ts (already
# normalised: symbols, function names, upright d). Postprocessors only call the typed builders in build.ts.
# A function written without parentheses (\det X, \operatorname{tr} A B, \log \mathbf{1}^\top \exp(z)) takes
# the rest of the product as its argument, so it can only stand last in a product: this keeps one parse.
# Bars and norm bars arrive paired (tokens.ts: %lbar/%rbar, %lnorm/%rnorm); an unpaired bar is the `|` of p(y | x).

@preprocessor typescript
@{%
import * as B from "../build.js";
import { tokenStream } from "../stream.js";
const lexer = tokenStream();
%}
@lexer lexer

main      -> list                                   {% id %}
           | rels                                   {% (d) => [B.relation(B.hole(), d[0])] %}
           | lone                                   {% (d) => [B.relation(B.word(d[0]), [])] %}
lone      -> %rel {% id %} | "\\cdot" {% id %} | "\\times" {% id %} | "\\odot" {% id %} | "\\circ" {% id %} | "\\otimes" {% id %}
           | "\\oslash" {% id %} | "\\partial" {% id %} | %dd {% id %} | %fname {% id %} | "\\sum" {% id %} | "\\prod" {% id %}
list      -> relation                               {% (d) => [d[0]] %}
           | list %comma relation                   {% (d) => [...d[0], d[2]] %}
relation  -> side                                   {% (d) => B.relation(d[0], []) %}
           | side rels                              {% (d) => B.relation(d[0], d[1]) %}
rels      -> %rel side                              {% (d) => [B.relStep(d[0], d[1])] %}
           | rels %rel side                         {% (d) => [...d[0], B.relStep(d[1], d[2])] %}
side      -> expr                                   {% id %}
           | space                                  {% id %}
space     -> %reals                                 {% (d) => B.space(d[0], null) %}
           | %reals %caret script                   {% (d) => B.space(d[0], d[2]) %}

expr      -> sum                                    {% id %}
sum       -> prod                                   {% id %}
           | sum %plus prod                         {% (d) => B.binary("add", d[0], d[2]) %}
           | sum %minus prod                        {% (d) => B.binary("sub", d[0], d[2]) %}
           | sum "\\pm" prod                        {% (d) => B.binary("add", d[0], d[2]) %}

# products: a head of factors, optionally ending in a parenthesis-free function application
prod      -> head                                   {% id %}
           | head tail                              {% (d) => B.binary("mul", d[0], d[1]) %}
           | tail                                   {% id %}
           | %minus tail                            {% (d) => B.neg(d[1]) %}
           | %plus tail                             {% (d) => d[1] %}
           | head mulop tail                        {% (d) => B.binary(d[1], d[0], d[2]) %}
# a tail takes the rest of the product, so `A \otimes \exp x y` is A ⊗ exp(x y): nothing follows `mulop tail`
head      -> unary                                  {% id %}
           | head factor                            {% (d) => B.binary("mul", d[0], d[1]) %}
           | head mulop unary                       {% (d) => B.binary(d[1], d[0], d[2]) %}
mulop     -> "\\cdot" {% () => "mul" %} | "\\times" {% () => "mul" %} | %star {% () => "mul" %} | "\\ast" {% () => "mul" %}
           | "\\odot" {% () => "hadamard" %} | "\\circ" {% () => "hadamard" %} | "\\oslash" {% () => "ediv" %}
           | "\\otimes" {% () => "kron" %} | %slash {% () => "ediv" %} | "\\div" {% () => "ediv" %}
unary     -> factor                                 {% id %}
           | %minus unary                           {% (d) => B.neg(d[1]) %}
           | %plus unary                            {% (d) => d[1] %}
# tail: function or big operator without parentheses, applied to the rest of the product
tail      -> %fname scripts nphead                  {% (d) => B.fnApply(d[0], d[1], d[2]) %}
           | %fname scripts nphead tail             {% (d) => B.fnApply(d[0], d[1], B.binary("mul", d[2], d[3])) %}
           | %fname scripts tail                    {% (d) => B.fnApply(d[0], d[1], d[2]) %}
           | bigop body                             {% (d) => B.big(d[0], d[1]) %}
           | dop body                               {% (d) => B.derivOp(d[0], d[1]) %}
body      -> head                                   {% id %}
           | head tail                              {% (d) => B.binary("mul", d[0], d[1]) %}
           | head mulop tail                        {% (d) => B.binary(d[1], d[0], d[2]) %}
           | tail                                   {% id %}
bigop     -> "\\sum" scripts                        {% (d) => B.bigop(d[0], d[1]) %}
           | "\\prod" scripts                       {% (d) => B.bigop(d[0], d[1]) %}
           | "\\int" scripts                        {% (d) => B.bigop(d[0], d[1]) %}
           | lim scripts                            {% (d) => B.bigop(d[0], d[1]) %}
# \max and \min are operations (src/ops/max.ts); \sup, \inf, \arg are refused by name (parse/unsupported.ts)
lim       -> "\\lim" {% id %} | "\\sup" {% id %} | "\\inf" {% id %}
           | "\\argmax" {% id %} | "\\argmin" {% id %} | "\\arg" {% id %} | "\\arg\\max" {% id %} | "\\arg\\min" {% id %}
# a head that does not start with a parenthesis (the argument of a parenthesis-free function)
nphead    -> npunary                                {% id %}
           | nphead factor                          {% (d) => B.binary("mul", d[0], d[1]) %}
           | nphead mulop unary                     {% (d) => B.binary(d[1], d[0], d[2]) %}
npunary   -> npfactor                               {% id %}
           | %minus unary                           {% (d) => B.neg(d[1]) %}

factor    -> npfactor                               {% id %}
           | pgroup scripts                         {% (d) => B.postfix(B.groupExpr(d[0]), d[1]) %}
npfactor  -> atom scripts                           {% (d) => B.postfix(d[0], d[1]) %}
scripts   -> null                                   {% () => [] %}
           | scripts %caret script                  {% (d) => [...d[0], B.script("^", d[2])] %}
           | scripts %under script                  {% (d) => [...d[0], B.script("_", d[2])] %}
           | scripts %prime                         {% (d) => [...d[0], B.script("'", [d[1]])] %}
           | scripts %colon                         {% (d) => [...d[0], B.script(":", [d[1]])] %}
script    -> %lbrace toks %rbrace                   {% (d) => d[1] %}
           | single                                 {% (d) => [d[0]] %}
single    -> %sym {% id %} | %num {% id %} | %cmd {% id %} | %tword {% id %} | %minus {% id %} | %plus {% id %} | %star {% id %} | %prime {% id %} | %fname {% id %} | %ones {% id %}
toks      -> null                                   {% () => [] %}
           | toks tok                               {% (d) => [...d[0], d[1]] %}
           | toks %lbrace toks %rbrace              {% (d) => [...d[0], d[1], ...d[2], d[3]] %}
tok       -> %sym {% id %} | %num {% id %} | %cmd {% id %} | %csym {% id %} | %fname {% id %} | %minus {% id %} | %plus {% id %}
           | %comma {% id %} | %colon {% id %} | %rel {% id %} | %caret {% id %} | %under {% id %} | %slash {% id %}
           | %lparen {% id %} | %rparen {% id %} | %star {% id %} | %dot {% id %} | %ones {% id %} | %eye {% id %}
           | %zero {% id %} | %dots {% id %} | %tword {% id %} | %prime {% id %} | %dd {% id %} | %bar {% id %}
           | %lbar {% id %} | %rbar {% id %} | %lnorm {% id %} | %rnorm {% id %}
           | %lbrack {% id %} | %rbrack {% id %} | %semi {% id %} | %mat {% id %} | %fsym {% id %}

pgroup    -> %lparen args %rparen                   {% (d) => B.group(d[0], d[1]) %}
           | %lbrack args %rbrack                   {% (d) => B.group(d[0], d[1]) %}
           | %lparen args %rbrack                   {% (d) => B.group(d[0], d[1]) %}
           | %lbrack args %rparen                   {% (d) => B.group(d[0], d[1]) %}
args      -> arg                                    {% (d) => [d[0]] %}
           | args %comma arg                        {% (d) => [...d[0], d[2]] %}
           | args %semi arg                         {% (d) => [...d[0], d[2]] %}
arg       -> expr                                   {% id %}
           | "\\cdot"                               {% (d) => B.placeholder(d[0]) %}
           | expr %bar expr                         {% (d) => B.given(d[0], d[2]) %}
           | expr "\\mid" expr                      {% (d) => B.given(d[0], d[2]) %}
           | expr %rel expr                         {% (d) => B.inlineRel(d[0], d[1], d[2]) %}

atom      -> %sym                                   {% (d) => B.symbol(d[0]) %}
           | %fsym pgroup                           {% (d) => B.call(d[0], d[1]) %}
           | %num                                   {% (d) => B.number(d[0]) %}
           | %dd pgroup                             {% (d) => B.differential(d[1]) %}
           | %ones {% (d) => B.constant(d[0]) %} | %eye {% (d) => B.constant(d[0]) %} | %zero {% (d) => B.constant(d[0]) %}
           | %dots                                  {% (d) => B.dotsArg(d[0]) %}
           | %tword                                 {% (d) => B.word(d[0]) %}
           | "\\infty"                              {% (d) => B.word(d[0]) %}
           | %mat                                   {% (d) => B.matrix(d[0]) %}
           | %lbrace expr %rbrace                   {% (d) => d[1] %}
           | %fname scripts pgroup                  {% (d) => B.fnCall(d[0], d[1], d[2]) %}
           | frac %lbrace expr %rbrace %lbrace expr %rbrace   {% (d) => B.binary("ediv", d[2], d[5]) %}
           | "\\sqrt" %lbrace expr %rbrace          {% (d) => B.sqrt(d[2]) %}
           | "\\sqrt" %lbrack expr %rbrack %lbrace expr %rbrace {% (d) => B.root(d[2], d[5]) %}
           | %lnorm expr %rnorm                     {% (d) => B.norm(d[0], d[1]) %}
           | %lbar expr %rbar                       {% (d) => B.abs(d[0], d[1]) %}
           | "\\langle" args "\\rangle"             {% (d) => B.angle(d[0], d[1]) %}
           | frac %lbrace dnum %rbrace %lbrace dden %rbrace    {% (d) => B.derivative(d[0], d[2], d[5]) %}
           | "\\binom" %lbrace expr %rbrace %lbrace expr %rbrace {% (d) => B.binom(d[2], d[5]) %}
           | "\\lfloor" expr "\\rfloor"             {% (d) => d[1] %}
           | "\\lceil" expr "\\rceil"               {% (d) => d[1] %}
           | "\\{" args "\\}"                       {% (d) => B.groupExpr(B.group(d[0], d[1])) %}
frac      -> "\\frac" {% id %} | "\\tfrac" {% id %} | "\\dfrac" {% id %}

# derivatives: \frac{\partial^2 f}{\partial x \partial y}, \frac{\text{d} E}{\text{d} w}; operator form \frac{\partial}{\partial x}
dop       -> frac %lbrace dmark %rbrace %lbrace dden %rbrace  {% (d) => B.derivative(d[0], { mark: d[2], of: null }, d[5]) %}
dnum      -> dmark expr                             {% (d) => ({ mark: d[0], of: d[1] }) %}
dmark     -> dd                                     {% (d) => ({ tok: d[0], order: 1 }) %}
           | dd %caret script                       {% (d) => ({ tok: d[0], order: B.order(d[2]) }) %}
dd        -> "\\partial" {% id %} | %dd {% id %}
dden      -> ditem                                  {% (d) => [d[0]] %}
           | dden ditem                             {% (d) => [...d[0], d[1]] %}
ditem     -> dd npfactor                            {% (d) => d[1] %}
