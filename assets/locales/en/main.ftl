app-title = Complaint Dojo
app-tagline = Practise handling difficult customers. Scored on empathy (情), expectation management (理) and legal rights (法).
title-name = Your name
title-name-hint = e.g. Li Na
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
play-transcript = Conversation
play-choices = Your reply (keys 1–{ $count })
play-hint = Hint
play-hint-text = The analysis suggests reply { $n }.
play-rewind = Rewind to decision…
play-rewind-to = Before decision { $n }
play-feedback = Feedback
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
cli-trust = trust
cli-patience = patience
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
