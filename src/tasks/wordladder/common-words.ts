// Common short English words used as ladder endpoints (and preferred as rungs when several shortest ladders
// exist). Hand-picked everyday words so the start and target a model sees are words it knows; the ladder itself
// may pass through any word of the ladder list. The official verifier checks the start and target against NLTK
// `words` too, so every entry must be in the ladder list (tests check it): everyday words that web2 lacks (has,
// hid, kid, mom, all, box, feet, hang, held, near, paid, proud) are not here.

export const COMMON_WORDS: Record<3 | 4 | 5, readonly string[]> = {
  3: `act add age ago aid aim air and ant any ape arm art ask ate bad bag ban bat bay bed bee beg bet bid big
bin bit bow boy bud bug bun bus but buy cab can cap car cat cop cow cry cub cup cut dad day den dew did die dig
dim dip dog dot dry due dug ear eat egg end eye fan far fat fed fee few fig fin fit fix fly fog for fox fun fur gap
gas gel get gum gun gut guy had ham hat hay hen her him hip his hit hog hop hot how hug hut ice ill ink jam
jar jaw jet job jog joy jug key kit lab lad lap law lay led leg let lid lie lip lit log lot low mad man map mat
may men met mix mob mop mud mug nap net new nod not now nut oak odd off oil old one our out owl own pad pal pan
pat paw pay pea pen pet pie pig pin pit pod pop pot pub pun pup put rag ram ran rat raw red rib rid rim rip rob rod
rot row rub rug run sad sat saw say sea see set sew shy sin sip sit six ski sky sly sob son sow spy sun tab tag tan
tap tar tax tea ten tie tin tip toe ton top toy tub tug two use van vet war was wax way web wed wet who why wig win
wit won wow yes yet you zip zoo`.split(/\s+/),
  4: `able back bake ball band bank barn base bath bead beam bean bear beat beef beer bell belt bend best bike bill
bird bite boat body bold bolt bone book boot bore born boss bowl bulb bull burn bush busy cake call calm came camp
card care cart case cash cast cave cell chat chip city clay clip club coal coat code coin cold come cook cool cope
copy cord core corn cost crew crop cure cute dame dare dark dart date dawn dead deal dear deep deer desk dial dice
diet dirt dish dive dock does doll dome done door dose down drag draw drip drop drum duck dull dust duty each earn
ease east easy edge face fact fade fail fair fall fame farm fast fate fear feed feel fell felt file fill film
find fine fire firm fish fist five flag flat flew flip flow foam fold folk food foot fork form fort four free frog
fuel full fund gain game gate gave gear gift girl give glad glow glue goal goat gold golf gone good gown grab gray
grew grid grin grip grow gulf hair half hall hand hard harm hate have head heal heap hear heat hell help
herb here hero hide high hill hint hire hold hole home hood hook hope horn hose host hour huge hunt hurt idea inch
iron item jail joke jump just keen keep kept kick kind king kiss kite knee knew knot know lack lady laid lake lamb
lamp land lane last late lawn lead leaf lean left lend lens less lick life lift like lime line link lion list live
load loaf loan lock long look loop lord lose loss lost loud love luck made mail main make male mall many mark mask
mass mate meal mean meat meet melt menu mess mild mile milk mill mind mine mint miss mist mode mold mood moon more
most move much must nail name neat neck need nest news next nice nine none nose note oven over pace pack page
pain pair pale palm park part pass past path peak pear peel pick pile pine pink pipe plan play plot plug plus
poem pole pond pool poor pork port pose post pour pull pump pure push race rack rail rain rank rare rate read real
rest rice rich ride ring rise risk road rock role roll roof room root rope rose rule rush safe said sail sale salt
same sand save seal seat seed seek seem seen self sell send ship shoe shop shot show shut sick side sign silk sing
sink site size skin slip slow snow soap sock soft soil sold sole some song soon sort soup sour spin spot star stay
step stop such suit sure swim tail take tale talk tall tank tape task team tear tell tend tent term test text than
that them then they thin this tide tile time tiny tire toad told toll tone tool tour town tree trip true tube tune
turn twin type unit upon used vast very view vote wage wait wake walk wall want warm warn wash wave weak wear week
well went were west what when whip wide wife wild will wind wine wing wire wise wish with wolf wood wool word wore
work worm yard year yell zero zone`.split(/\s+/),
  5: `above actor adult after again agent agree ahead alarm album alive allow alone along angle angry apple apply
arena argue arise aside award aware badly baker basic beach begin being below bench birth black blade blame blank
blast blind block blood board boast bonus boost booth brain brake brand brave bread break brick bride brief bring
broad brown brush build bunch burst buyer cabin cable candy cargo carry catch cause chain chair chalk charm chart
chase cheap check cheek chest chief child chill civil claim class clean clear climb clock close cloth cloud coach
coast count court cover crack craft crane crash cream crime cross crowd crown curve cycle daily dance dealt death
delay depth dirty doubt dough draft drain drama dream dress drink drive eager early earth eight elbow empty enemy
enjoy enter entry equal error event exact exist extra faith false fault feast fence field fifth fifty fight final
first flame flash fleet flesh float flood floor flour fluid focus force frame fresh front frost fruit funny giant
given glass globe glory grade grain grand grant grape grass grave great green greet grief grill gross group guard
guess guest guide habit happy heart heavy hello hobby horse hotel house human humor ideal image index inner input
issue joint judge juice knife knock label labor large laser later laugh layer learn least leave legal lemon level
light limit liver local logic loose lover lower lucky lunch magic major maker march match mayor medal metal meter
might minor model money month moral motor mount mouse mouth movie music nerve never night noise north novel nurse
ocean offer often olive onion order other outer owner paint panel paper party peace pearl penny phase phone photo
piano piece pilot pitch place plain plane plant plate point pound power press price pride prime print prize proof
prove queen quick quiet quite radio raise range rapid ratio reach ready refer relax reply rider ridge right
rival river roast robot rough round route royal rural salad sauce scale scene score sense serve seven shade shake
shape share sharp sheep sheet shelf shell shift shine shirt shock shoot shore short shout sight silly since skill
skirt sleep slice slide smart smell smile smoke snake solid solve sound south space spare speak speed spend spice
spine spoon sport staff stage stain stake stamp stand start state steam steel stick still stock stone store storm
story stove straw strip stuff style sugar sunny super sweet swing table taste teach thank theme thick thing think
third three throw thumb tiger tight title toast today tooth topic total touch tough tower track trade train treat
trend trial tribe trick truck truly trust truth twice uncle under unity until upper urban usage usual value video
visit voice waste watch water weigh whale wheat wheel where which while white whole woman world worry worth would
wound write wrong yield young youth`.split(/\s+/),
};
