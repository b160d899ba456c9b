app-title = Complaint Dojo
app-tagline = Practise handling difficult customers. Scored on empathy (情), expectation management (理) and legal rights (法).
title-name = Your name
title-name-hint = e.g. Li Na
title-profile-pick = Trainees…
title-profile-sessions = { $n ->
    [one] 1 session recorded
   *[other] { $n } sessions recorded
}
title-profile-rename = Rename
title-profile-delete = Delete
title-profile-create = Save as a new trainee
title-profile-cancel = Cancel
title-profile-save = Save
title-profile-delete-title = Delete { $name }?
title-profile-delete-body = Their { $n } recorded sessions are deleted with them. This cannot be undone.
title-profile-delete-confirm = Delete
title-language = Language
title-scale = Text size
title-continue = Go to the scenario library
title-anonymous = Trainee
title-typing = Customer typing speed
title-typing-instant = instant
title-typing-unit = characters/s
title-first-run = First time here? A three-minute tutorial shows you every part of the screen.
title-tutorial = Start the tutorial
title-skip-tutorial = Skip it and go to the library
title-replay-tutorial = Replay the tutorial

library-heading = Scenario library
library-search = Search
library-search-hint = title, case, customer…
library-filter-disc = DISC type
library-filter-archetype = Archetype
library-filter-difficulty = Difficulty
library-any = Any
library-count = { $shown } of { $total } scenarios
library-minutes = { $minutes } min
library-difficulty = Difficulty { $level }/5
library-start = Open briefing
library-broken = This file has problems and cannot be played
live-kept = { $file } has errors since the last save: you are playing its last good version until they are fixed.
live-kept-card = Errors since the last save: the last good version plays until they are fixed
live-carried = The scenario was saved again: your { $n ->
        [one] choice was
       *[other] { $n } choices were
    } replayed on the new version.
live-diverged = The scenario was saved again, and your choice at decision { $n } no longer exists: the game goes on from just before it.
live-removed = The scenario file was removed: this game goes on with the version it started with.
live-problems = Problems in the scenario files ({ $n })
live-dismiss = OK
briefing-map = Map and preview
briefing-map-hover = For authors: the scenario's map, and a preview from any node
map-heading = Map · { $title }
map-help = Drag to pan, scroll to zoom. Click a node to preview from there. In blue: the best route. Each node shows how the customer arrives there over every route.
map-back = Back to the briefing
map-fit = Fit the map
map-unreached = no route reaches it
map-reached = Arriving here: mood { $mood }, trust { $trust }, patience { $patience } ({ $states ->
        [one] 1 state
       *[other] { $states } states
    }).
map-preview-title = Preview from “{ $node }”
map-preview-level = Ladder rung
map-preview-flags = Already happened (flags):
map-preview-start = Preview from here
map-preview-note = A preview is never recorded.
play-preview = Preview from “{ $node }” · not recorded
library-no-archetype = No special archetype
library-back = ← Title
library-empty = No scenario matches these filters.
library-sort = Order
library-sort-file = As filed
library-sort-difficulty = Difficulty (easiest first)
library-sort-industry = Industry
library-sort-last-played = Last played
library-badge-timed = timed: { $secs } s
library-badge-done = played { $plays } { $plays ->
    [one] time
   *[other] times
}
library-badge-passed = passed
library-badge-best = best 情 { $empathy } · 理 { $expectation } · 法 { $legal }

briefing-heading = Briefing
briefing-situation = What happened
briefing-known = What you know
briefing-customer = The customer
briefing-policy = Company policy
briefing-remedies = Remedies you may offer
briefing-legal = Legal points
briefing-objectives = Learning objectives
briefing-mode = Mode
mode-practice = Practice: feedback after every reply, hints, rewind
mode-assessment = Assessment: feedback only at the end
briefing-timer = Decision timer: { $secs } s
briefing-start = Start
briefing-back = Back to library

play-mood = Mood
play-trust = Trust
play-patience = Patience
play-ladder = Escalation
play-opinion = Public opinion
play-heat = Heat
debrief-opinion = Heat {$start} at the start, {$top} at its highest, {$end} at the end
play-transcript = Conversation
play-choices = Your reply (keys 1–{ $count })
play-hint = Hint
play-hint-text = The analysis suggests reply { $n }.
play-rewind = Rewind to decision…
play-rewind-to = Before decision { $n }
play-feedback = Feedback
free-option = Type my replies
free-option-hover = Free reply: say it in your own words (Chinese or English) instead of picking; the customer answers the reply yours is nearest to, and you see the moves found in what you typed.
free-prompt = Your reply, in your own words
free-hint = What do you say to the customer? (Enter sends, Shift+Enter starts a new line)
free-send = Send
free-show-replies = Show the replies
free-show-replies-hover = Pick from the written replies for this decision instead
free-type-instead = Type my reply instead
free-did-you-mean = Not sure what “{ $said }” means here. Did you mean:
free-neither = Neither: I'll say it another way
free-rephrase = That doesn't seem to answer the customer here. Try saying it another way, or show the replies.
free-moves = Moves in what you typed:
free-no-moves = No move found in what you typed.
free-you-typed = You typed
free-taken-as = Taken as
play-skip = click or press Space to skip
play-timer = { $secs } s left
play-finish = See the debrief
play-you = You
play-narrator = Narrator
play-decision = Decision { $n }
play-leave = ← Leave
play-leave-hover = Back to the library (Esc)
play-leave-title = Leave this scenario?
play-leave-body = This session will not be saved or recorded.
play-leave-confirm = Leave for the library
play-leave-cancel = Keep playing
play-timer-paused = the clock waits while the customer speaks
play-hint-why = What it does for this customer:

face-calm = calm
face-pleased = pleased
face-worried = worried
face-annoyed = annoyed
face-angry = angry
face-furious = furious
face-hurt = hurt
face-sad = sad

debrief-heading = Debrief
debrief-outcome = Outcome
debrief-scores = Your scores (0–100, 100 = the best any route earns)
debrief-timeline = Decision by decision
debrief-chose = You chose
debrief-best = Best reply here
debrief-was-best = This was the best reply.
debrief-timed-out = (no reply in time)
debrief-replay = Replay the same seed
debrief-new-seed = Try again with a new seed
debrief-library = Back to library
debrief-points = { $raw } of { $par } points

kind-technique = Technique
kind-mistake = Mistake
kind-legal-ok = Right honoured
kind-legal-breach = Right breached
note-voided = no credit: the reply also threatens or gives in
kind-expectation-ok = Expectation read right
kind-expectation-missed = Expectation misread
kind-memory = The customer remembers
kind-coach = Coach

cli-emp = Emp
cli-exp = Exp
cli-law = Law
cli-mood = mood
cli-heat = public-opinion heat
cli-opinion-stages = Public-opinion stages a story can reach (scenarios with an opinion meter)
cli-stages-reached = Public-opinion stages reached (and the stages each ending is reached at)
cli-trust = trust
cli-patience = patience
library-back-to = ← Library
history-played-on = Played on { $when }, from your history
progress-belt = Your belt
progress-next-belt = Next, the { $belt }: { $asks }.
progress-and = {"; "}
belt-need-scenarios = { $need } different scenarios passed (now { $have })
belt-need-disc = { $need } customer types mastered (now { $have })
belt-need-rubric = every rubric at { $need } or more (your lowest is { $have })
belt-need-difficulty = a difficulty { $need } scenario passed (hardest so far { $have })
progress-proficiency = Where you stand (recent sessions count most)
progress-habits = Habits
progress-habit-mistake = { $name }: in { $n } of { $of } sessions with { $disc } customers
progress-habit-other = { $name }: you used it in { $n } of { $of } sessions with { $disc } customers
progress-next = Play next
progress-next-why = It works your weakest rubric, { $rubric }, with a { $disc } customer you have not mastered yet.
progress-next-go = Open the briefing
export-title = Complaint Dojo · training records
export-outcomes = Outcomes
export-written = { $n } sessions written to { $path }.
history-open = History
history-heading = History · { $name }
history-empty = No sessions recorded yet. Every scenario you finish, or leave after at least one reply, appears here.
history-sessions = Sessions, newest first
lrs-heading = Learning Record Store (xAPI)
lrs-explain = Your organisation's LRS receives every recorded session as xAPI statements. After each session the records are sent in the background; nothing is lost if the LRS cannot be reached, they wait for the next sync. The secret is kept in a file only you can read.
lrs-url = Endpoint
lrs-key = Key
lrs-secret = Secret
lrs-test = Test connection
lrs-save = Save and sync
lrs-sync-now = Sync now
lrs-busy = Talking to the LRS…
lrs-synced = { $n ->
    [0] Synced: every record is at the LRS.
   *[other] Synced; { $n } records waiting.
}
lrs-waiting = { $n ->
    [0] Every record is at the LRS.
    [one] 1 record waiting for the LRS.
   *[other] { $n } records waiting for the LRS.
}
lrs-refused = The LRS refused { $n } statement(s) (see sync --status); { $waiting } waiting.
lrs-test-ok = The LRS answered and took the credentials (xAPI { $version }).
lrs-credentials = The LRS refused the credentials ({ $code }): check the key and the secret. { $n } records wait, nothing is lost.
lrs-unreachable = The LRS could not be reached ({ $why }). { $n } records wait for the next sync.
history-trend = Your scores over your finished sessions (oldest on the left)
history-scenario = scenario
history-outcome = outcome
history-view = Open
history-no-records = The records cannot be read.
history-scenario-gone = The scenario “{ $id }” is no longer in the library, so this session cannot be replayed.
history-scenario-changed = The scenario's file has changed since this session was played, so it cannot be replayed exactly.
records-set-aside = Your records file could not be read ({ $why }). It was kept as { $path }, and a new one was started.
records-unavailable = Sessions cannot be recorded: { $why }
records-not-saved = This session could not be recorded: { $why }
cli-records-no-folder = There is no data folder to keep records in: give one with --data-dir DIR.
cli-sync-no-endpoint = No LRS to send to: give --endpoint URL --key KEY --secret SECRET (add --save to keep them for next time).
cli-sync-no-endpoint-short = no LRS set
cli-sync-saved = Saved the LRS endpoint and credentials in { $path } (readable only by you).
cli-sync-test-ok = The LRS at { $url } answered and took the credentials (xAPI { $version }).
cli-sync-report = Sent { $sent } statement(s) in { $requests } request(s) to { $url }: { $already } it had already, { $refused } refused, { $waiting } still waiting.
cli-sync-credentials = The LRS refused the credentials ({ $code }): check the key and the secret. Nothing was lost: every statement is still queued.
cli-sync-unreachable = The LRS could not be reached ({ $why }). Nothing was lost: what was not sent waits for the next sync.
cli-sync-unexpected = The LRS answered { $code } ({ $why }): is the endpoint its xAPI base URL (ending in /xAPI/ or similar)? Nothing was lost.
cli-sync-status = { $waiting } statement(s) waiting, { $delivered } delivered (last { $last }), { $refused } refused by the LRS; endpoint: { $url }
cli-sync-last-error = Last error: { $why }
cli-records-set-aside = The records file could not be used ({ $why }). It was kept as { $path }, and a new one was started.
cli-records-no-trainee = No trainee named “{ $name }” has records.
cli-records-recorded = Recorded for { $name } in { $path }.
cli-history-empty = No sessions recorded yet. Play with --trainee NAME, or in the window, to record one.
cli-history-abandoned = left before the end
cli-history-date = date
cli-history-trainee = trainee
cli-history-mode = mode
cli-history-scores = scores
cli-history-scenario-outcome = scenario — outcome
cli-practice = practice
cli-assessment = assessment
cli-prompt = Your reply (1-{ $count }, q) >
cli-pick-listed = Please type one of the listed numbers.
cli-input-too-long = That line is too long (over { $max } bytes); the session stops here.
cli-escalated = Escalated
cli-ending = Ending
cli-feedback-by-decision = Feedback, decision by decision:
cli-points = points
cli-not-finished = the session did not finish: the replies ran out
cli-decisions-taken = { $n } decisions taken
cli-understood = Matched ({ $confidence } sure):
cli-did-you-mean = Not sure ({ $confidence }): did you mean one of these?
cli-rephrase = Nothing said here is near any reply at this decision: please rephrase.
cli-no-moves = No move found.
cli-moves-found = Moves found:
cli-states-explored = { $n } states explored ({ $ms } ms)
cli-partial = PARTIAL: a search limit stopped the analysis; par and routes are the best found so far, and nothing is claimed about the rest
cli-routes = Routes
cli-best-all = best on all three
cli-best = best
cli-worst = worst
cli-endings-reached = Endings reached
cli-endings-unreached = Endings never reached
cli-never-offered = Replies never offered
cli-inert = Replies that change nothing
cli-dead-ends = Dead ends
cli-loops = Loops
cli-node-ranges = The customer on arriving at each node, lowest–highest over every route
cli-node-states = { $n ->
        [one] 1 state
       *[other] { $n } states
    }
cli-shortest = shortest
cli-sudden = Failures on the very first decision
cli-never-kept = Promises that can never be kept
cli-none = none
cli-not-claimed = not claimed (partial analysis)
cli-scenarios = { $n } scenarios
cli-disc-archetype = DISC × archetype
cli-total = total
cli-needs = Needs
cli-cases = Course cases
cli-industries = Industries
cli-expectations = Expectation classes
cli-legal = Legal points
cli-rungs = Escalation rungs
cli-missing = ← missing

analysis-partial = This scenario is too large to analyse completely: 100 marks the best route found so far, and the hints may miss a better one.
cli-audit-head = scenario · type · decisions · best is longest · best is first · always-longest bot · always-shortest bot · best route changes as D I S C
cli-audit-partial = (partial analysis)
cli-audit-longest = Best reply is the longest on offer: { $n } of { $of } decisions ({ $pct }%; target ≤ 40%)
cli-audit-first = Best reply is the first in file order: { $n } of { $of } decisions ({ $pct }%)
cli-audit-bots = Scenarios where a bot reaches the top band on all three rubrics: always-longest { $long }, always-shortest { $short } (target ≤ 2 each)
cli-audit-disc = Best route changes with only the DISC type swapped: { $n } of { $of } pairs ({ $pct }%; target ≥ 50%)
cli-audit-turned = Replies that earn a bonus while hostile or capitulating: { $n } (target 0); { $turned } replies carry such a mistake, and the rule took a bonus from { $voided } of them
cli-audit-disc-decisions = Decisions whose best reply is another for some other DISC type: { $n } of { $of } ({ $pct }%)
standing-verdict = Outcome: { $verdict }
standing-passed = passed
standing-not-passed = not passed
standing-why-outcome = the ending counts as { $verdict }
standing-why-breach = critical breach at decision { $n }: { $name }
standing-overall = Overall band: { $band }
cli-endings = Endings (verdict; the best route that ends there)
cli-unreached = never reached
cli-audit-repeats = Scenarios whose best route has the customer say a line twice (seeds 1–5): { $n } of { $of } (target 0)
debrief-aids = Practice aids used: { $hints } { $hints ->
    [one] hint
   *[other] hints
} and { $rewinds } { $rewinds ->
    [one] rewind
   *[other] rewinds
}

# Classroom: the phone page, the host page, refusals
class-phone-join-title = Join the class
class-phone-name = Your name
class-phone-team = Your team
class-phone-join = Join
class-phone-connecting = Connecting…
class-phone-lost = Connection lost. Reconnecting…
class-phone-no-room = There is no such room. Check the code on the projector.
class-phone-wait = Look at the projector. The vote opens soon.
class-phone-choose = What do you say?
class-phone-your-vote = Your vote
class-phone-can-change = You can change it until the vote locks.
class-phone-locked = The vote is locked.
class-phone-no-vote = You did not vote.
class-phone-room-chose = The room chose
class-phone-silence = Nobody answered: the customer met silence.
class-phone-tie-broken = (a tie, settled by the instructor)
class-phone-you = Your reply
class-phone-best = Best reply here
class-phone-points = Points
class-phone-customer = Customer
class-phone-you-said = Staff
class-phone-over = The scenario has ended
class-phone-passed = Passed
class-phone-not-passed = Not passed
class-phone-kicked = The instructor removed you from this class.
class-phone-why = Why
class-phone-decision = Decision
class-host-join = Join at
class-host-room = Room
class-host-joined = joined
class-host-voted = voted
class-host-open = Open the vote
class-host-lock = Lock the vote
class-host-reveal = Reveal
class-host-next = Next decision
class-host-tie = A tie: choose the room's reply
class-host-show-names = Show names
class-host-hide-names = Hide names
class-host-kick = Remove
class-host-rename = Rename
class-host-people = People
class-host-teams = Teams
class-host-scoreboard = Scoreboard
class-host-seconds = s left
class-host-replies = Replies
class-host-rubrics = 情 Empathy · 理 Expectations · 法 Rights
class-host-with-room = with the room
class-host-answered = answered
class-host-offline = offline
class-host-report = Class report
class-error-full = The room is full.
class-error-name-blocked = Please choose another name.
class-error-name-empty = Please type your name.
class-error-name-long = That name is too long.
class-error-phase = The vote is not open right now.
class-report-rubric-empathy = 情 Empathy
class-report-rubric-expectation = 理 Expectations
class-report-rubric-legal = 法 Rights
class-report-per-decision = per decision
class-report-saved = Class report saved:
class-window-leave = ← End the class
class-window-leave-title = End the class?
class-window-leave-body = A live room closes and the phones are disconnected. A report is saved only when the scenario has ended.
class-window-leave-confirm = End the class
class-window-lock-answers = Lock the answers
class-window-phase-record = Each team argues its reply; click it below. Lock when every team has answered.
class-window-phase-ready = The class reads the customer. Open the vote when everyone is ready.
class-window-phase-open = The vote is open: replies can change until you lock it.
class-window-phase-locked = The vote is locked.
class-window-phase-revealed = How the customer took it, and what every reply was worth.
class-window-answered = answered
class-window-teams-answered = teams answered
class-window-votes = votes
class-window-record = Each team's reply
class-window-done = Done: back to the library
class-window-route = The room's route
class-window-report-failed = The class report could not be saved:
class-window-teams = Run it as a class · teams:
class-window-teams-hint = Red, Blue, Green
class-window-start-hot-seat = Hot-seat (teams on this laptop)
class-window-start-live = Phones on the network
class-error-teams = At most 8 teams, each with its own name.
class-window-whole-room = The room
class-error-host = The classroom server could not start:
class-window-join-prompt = Join from your phone: scan the code or open the link.

## Style self-reflection
style-back = ← Back
style-open = My style
style-title = Your style: a self-reflection · { $name }
style-disclaimer = This is a reflection aid, not a validated psychometric test. It shows how you describe yourself today, in the four DISC styles the course uses for customers; it does not measure ability and it never changes a score.
style-how = In each group, pick the word most like you at work and the word least like you. There are no right answers; go with your first thought.
style-most = Most like me
style-least = Least like me
style-answered = { $n } of { $of } groups answered
style-see = See my blend
style-cancel = Cancel
style-retake = Take it again
style-clear = Forget my answers
style-blend = Your style blend
style-taken = taken { $when }
style-strengths = What you bring: { $text }
style-watch = What to watch for: { $text }
style-against = Your style against each type of customer
style-advice = { $style } style, { $customer } customer: { $advice }
style-with-customer = Your style and this customer
style-invite = Take the style self-reflection (two minutes) to get advice on your own style against each customer.
style-none-yet = You have not taken it yet.
style-start = Start
cli-style-block = Group { $n } of { $of }
cli-style-most = Most like you (1-{ $count }, q) >
cli-style-least = Least like you (1-{ $count }, q) >
cli-style-pick-other = Pick a different word from the one most like you.
cli-style-kept = Kept for { $name } in { $path }.
cli-style-none = { $name } has not taken the style self-reflection: run `complaint-dojo style --trainee NAME`.
cli-style-stopped = Stopped: nothing was kept.
cli-style-cleared = The style self-reflection of { $name } is forgotten; the sessions stay.
cli-style-invite = Style self-reflection: not taken (complaint-dojo style --trainee NAME).
style-error-count = { $answers } answers for { $blocks } groups: answer every group.
style-error-same = Group { $n }: the same word is both most and least like you.
style-error-unreadable = Group { $n }: write the letter of the word most like you, then of the one least like you (for example DS).

## Authoring
cli-new-bad-id = “{ $id }” is not a scenario id: use lowercase letters, digits, - and _, e.g. gym-group-refund.
cli-new-exists = { $path } exists already; nothing was written. Choose another id or --dir.
cli-import-made = From the story: { $nodes } nodes, { $endings } endings (passages without links), { $replies } replies; it starts at “{ $start }”.
cli-import-todo = Still to add (each is a TODO in the file, and validate names the placeholders):
cli-import-todo-customer = the customer: name, DISC type, need, archetypes, mood, trust and patience; the briefing
cli-import-todo-tags = the tags that score each of the { $n } replies (complaint-dojo catalogue lists them)
cli-import-todo-english = the English of every text (the story is in Chinese)
cli-import-todo-chinese = the Chinese of every text (the story is in English)
cli-import-todo-endings = the kind of each of the { $n } endings, and escalation thresholds
cli-import-todo-single = a second reply where a passage has only one link (a decision offers 2 to 6): { $passages }
cli-import-todo-macros = what the macros and variables did, left out at: { $passages }
cli-import-todo-broken = a passage “{ $to }”, linked from “{ $from }”, that the story does not have
cli-import-todo-duplicates = passages named twice, of which only the first was kept (as in Twine): { $passages }
cli-multi-party = Several people on the customer's side (group complaints): { $n ->
        [0] none
       *[other] { $n } ({ $ids })
    }
cli-import-skipped = (script and stylesheet passages skipped: { $passages })
cli-new-written = Wrote { $path }: { $errors } errors, { $todo } placeholders to write (validate names each). Check it with: complaint-dojo validate { $path }
cli-catalogue-for = What each move is worth with this customer: { $who }
cli-catalogue-move = Move
cli-catalogue-customer = customer
cli-catalogue-by-type = 情+理+法 by customer type
cli-catalogue-every-type = every DISC type
cli-catalogue-claims = Money claims: reasonable up to twice the direct loss, unless the claim names a law that awards more (claim: (…, statutory: "id")):
cli-catalogue-statutory = the loss + the largest of { $price }× the price{ $loss ->
        [0] {""}
       *[other] , { $loss }× the loss
    }, { $minimum }
cli-preview-from = Preview from node “{ $node }”: mood { $mood }, trust { $trust }, patience { $patience }. Not recorded.
preview-no-node = There is no node “{ $node }”. { $hint }The nodes are: { $known }.
preview-did-you-mean = Did you mean “{ $guess }”?{" "}
preview-no-flag = This scenario has no flag “{ $flag }”. Its flags are: { $known }.
preview-range = { $what } { $value } is out of range: use 0 to 100.
preview-no-flags = There is no flag “{ $flag }”: this scenario sets no flags.
