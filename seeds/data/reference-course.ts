// Seed content for the Kindred course platform.
//
// referenceCourse carries the published facts of "Overcoming Compassion Fatigue in
// Library Work" (see /work/shared/course/course-page.txt): description, outcomes,
// audience and instructor bio are verbatim from the provider's page. Readings,
// exercises, prompts and toolkit sections are original texts written for the seed;
// public work is cited and linked, never copied.
//
// No imports: this file must stay self-contained.

export interface SeedReading {
  slug: string;
  title: string;
  minutes: number;
  contentNote?: string;
  bodyMd: string;
  suggestions: { sectionKey: string; text: string }[];
}

export interface SeedToolkitSection {
  key: string;
  title: string;
  prompt: string;
  examples: string[];
}

export interface SeedModule {
  week: number;
  title: string;
  summaryMd: string;
  outcomeNumbers: number[];
  estimatedMinutes: number;
  readings: SeedReading[];
  exercise: { title: string; promptMd: string };
  discussionPrompt: string;
  toolkitSections: SeedToolkitSection[];
}

export interface SeedCourse {
  slug: string;
  title: string;
  summary: string;
  descriptionMd: string;
  contactHours: number;
  priceMinor: number;
  currency: string;
  outcomes: string[];
  audienceMd: string;
  providerName: string;
  instructor: { name: string; bioMd: string };
  supportResourcesMd: string;
  evaluationQuestions: string[];
  modules: SeedModule[];
}

// ---------------------------------------------------------------------------
// Shared by both courses
// ---------------------------------------------------------------------------

const PROVIDER_NAME = "The Kind Brave Leader";

const INSTRUCTOR_NAME = "Helen Rimmer";

// Verbatim from the provider's page.
const INSTRUCTOR_BIO_MD =
  "Helen Rimmer owns The Kind Brave Leader training company and is the former Head of Library and Archives Service at the University of Westminster having previously held roles at different levels at Royal Holloway, City University, INTO UEA and University of Brighton. She is passionate about building a kinder world, improving wellbeing, compassionate leadership, and Flexible Working. Helen has a PGCert in the Psychology of Kindness and Wellbeing at Work from the University of Sussex, and is sharing her knowledge through her The Kind Brave Leader project. She has many years experience in teaching and instruction, including online, primarily in roles as a subject librarian.";

const SUPPORT_RESOURCES_MD = `## Looking after yourself while you study

This course asks you to think about work that can be emotionally heavy. Please go at your own pace, skip a question if it feels too close, and step away whenever you need to.

This course is not therapy, and nothing in it replaces professional support. If the material stirs up more than you can comfortably hold, please reach out:

- **Your employee assistance programme (EAP).** Many employers offer free, confidential counselling and advice through an EAP. Your HR team or staff intranet can tell you how to contact it.
- **Your GP or doctor.** If you notice lasting changes in your sleep, mood, appetite or ability to cope, a trusted GP or doctor is a good first conversation.
- **Crisis support.** If you are in crisis or worried about your safety, call your local emergency number or contact a crisis line in your country. Many countries have free phone and text lines that are open day and night; [findahelpline.com](https://findahelpline.com) lists services by country.

You are also welcome to let your instructor know if something in the course has been difficult. She cannot offer counselling, but she can help you find a way of taking part that feels manageable.`;

// ---------------------------------------------------------------------------
// Reference course: Overcoming Compassion Fatigue in Library Work
// ---------------------------------------------------------------------------

const week1: SeedModule = {
  week: 1,
  title: "Recognising compassion fatigue in library work",
  summaryMd:
    "This week we put a name to the cost of caring. You will explore what compassion fatigue is, why library work exposes staff to it, and how to notice your own early warning signs, with an optional chance to take stock using the ProQOL measure.",
  outcomeNumbers: [1],
  estimatedMinutes: 225,
  readings: [
    {
      slug: "what-compassion-fatigue-is",
      title: "What compassion fatigue is, and why it reaches libraries",
      minutes: 30,
      bodyMd: `Most people who work in libraries did not sign up to be first responders. Yet on an ordinary Tuesday you might help a student who has just failed a retake and is frightened of losing their place on the course, a man who has been sleeping in his car and needs to finish a housing form before the office closes, and a colleague who is quietly struggling after a bereavement. Each conversation asks something of you. Most of the time you give it willingly, because caring about people is part of why you do this work.

## A name for the cost of caring

The psychologist Charles Figley brought the term *compassion fatigue* into wide use in the 1990s (Figley, 1995). He used it to describe the emotional cost that can come from caring, again and again, for people who are suffering. His work began with therapists and emergency workers, and the same pattern has since been recognised in nurses, teachers, social workers and, increasingly, library staff.

Compassion fatigue is not a sign that you are weak or in the wrong job. It is what can happen when empathy is spent faster than it is replenished, over weeks, months or years. It tends to show up as:

- emotional exhaustion that a weekend off does not fix
- a narrowing of empathy: finding yourself less moved, or more irritated, by people you would once have wanted to help
- questioning whether your work makes any difference at all

## Why libraries are exposed

Libraries are among the few indoor public spaces where anyone can stay without buying anything or explaining why they are there. That openness is a strength, and it means library staff often meet people at difficult moments. In academic libraries, pressure tends to arrive in waves: deadlines, exams, results. In public libraries it can be constant: housing insecurity, loneliness, mental ill health, and the gaps left when other services are stretched.

Library staff are rarely trained for this part of the job, and it is seldom counted. Nobody logs "sat with a distressed patron for twenty minutes" in the enquiry statistics.

## What this week is for

This week is about noticing, not fixing. Recognising compassion fatigue early, in yourself and in the people you work with, is the first step towards doing something about it. As you read, jot down any moments from your own work that come to mind. You can use them in this week's reflective exercise.

*Reference:* Figley, C. R. (Ed.) (1995). *Compassion Fatigue: Coping with Secondary Traumatic Stress Disorder in Those Who Treat the Traumatized.* New York: Brunner/Mazel.`,
      suggestions: [
        { sectionKey: "early-warning-signs", text: "I stop asking follow-up questions at the desk and reach for the quickest answer." },
        { sectionKey: "early-warning-signs", text: "A weekend off no longer feels like enough to recover." },
      ],
    },
    {
      slug: "noticing-the-signs",
      title: "Noticing the signs in yourself",
      minutes: 35,
      bodyMd: `Compassion fatigue rarely arrives all at once. It tends to creep in, and the early signs are easy to explain away: a busy term, a bad night's sleep, a difficult patron. That is why it helps to know what *your* signs look like before they become loud.

## Four places to look

Signs tend to show up in four areas. You will not have all of these, and having some of them does not mean you have compassion fatigue. They are prompts for noticing, not a checklist for diagnosis.

**In your body**

- tension in your shoulders, jaw or stomach before a desk shift
- headaches or tiredness that build through the week
- sleep broken by replaying conversations

**In your feelings**

- dread when the phone rings or the enquiry queue grows
- feeling numb or flat after a conversation that would once have moved you
- a short fuse with colleagues, family or yourself

**In your behaviour**

- retreating to the back office, or volunteering for tasks away from the public
- rushing patrons, or giving the quick answer when you know a longer conversation is needed
- leaning more on caffeine, sugar, alcohol or scrolling to switch off

**In your outlook**

- cynicism: "Nothing we do here makes a difference."
- losing touch with why you chose this work
- feeling that other people's problems follow you home

## Your signs are personal

Two colleagues on the same desk may show strain in completely different ways. One becomes brisk and efficient; another becomes over-involved and finds it impossible to end a conversation. Neither is wrong. What matters is learning your own pattern, so you can spot it early.

## Try this (about 10 minutes)

Think back over the last month at work. Then, without judging yourself, write down:

1. One thing your body tends to do when work has been heavy.
2. One thing you tend to do more of, or less of.
3. One thought that shows up when you are running on empty.

These are the beginnings of your **early warning signs**, the first section of your resilience toolkit. People close to you may notice your signs before you do, so you might also ask someone you trust: "How can you tell when work is getting to me?"`,
      suggestions: [
        { sectionKey: "early-warning-signs", text: "My shoulders are up by my ears before a late shift." },
        { sectionKey: "early-warning-signs", text: "I start giving one-line answers to patrons I would normally chat with." },
        { sectionKey: "early-warning-signs", text: "I catch myself thinking \"what's the point?\" on the way in." },
      ],
    },
    {
      slug: "taking-stock-proqol",
      title: "Taking stock: the Professional Quality of Life measure",
      minutes: 40,
      bodyMd: `It can be hard to judge how we are doing from the inside. One widely used tool for taking stock is the **Professional Quality of Life measure (ProQOL)**, developed by Beth Hudnall Stamm and freely available at [proqol.org](https://proqol.org). It was designed for people in helping roles, and it translates well to library work.

## What it measures

The ProQOL looks at both sides of helping work over the last 30 days:

- **Compassion satisfaction**: the pleasure and sense of purpose you get from doing your work well.
- **Burnout**: exhaustion, frustration and the feeling that your efforts make no difference, often linked to heavy workloads and unsupportive environments.
- **Secondary traumatic stress**: the effects of hearing about, or witnessing, other people's traumatic experiences through your work.

In Stamm's model, burnout and secondary traumatic stress together make up compassion fatigue. Next week we will look more closely at how these differ.

## Why the positive side matters

It is easy to focus only on the costs. The ProQOL is a useful reminder that helping work also *gives* something: the student who comes back to tell you they passed, the patron who finally got an appointment because you found the right form. Compassion satisfaction is not a consolation prize. It is part of what keeps empathy going.

## Using it well

If you choose to take the ProQOL this week (it takes around 10 minutes):

- Download it from [proqol.org](https://proqol.org) and follow the scoring guidance provided there.
- Treat your scores as a snapshot, not a verdict. They are shaped by the month you have had.
- Remember it is a tool for self-reflection, not a diagnosis. If your results worry you, or you recognise distress that is affecting your daily life, please talk to your GP or doctor, or your employee assistance programme.
- Keep your scores private if you prefer. You will never be asked to share them in the discussion.

You may find it helpful to take it again at the end of the course, or in six months' time, and notice what has shifted.

## Further reading

- [ProQOL.org](https://proqol.org): the measure, scoring guidance and background.
- Stamm, B. H. (2010). *The Concise ProQOL Manual* (2nd ed.). Pocatello, ID: ProQOL.org. Available via [proqol.org](https://proqol.org).
- Figley, C. R. (2002). Compassion fatigue: psychotherapists' chronic lack of self care. *Journal of Clinical Psychology*, 58(11), 1433–1441. [doi:10.1002/jclp.10090](https://doi.org/10.1002/jclp.10090)`,
      suggestions: [
        { sectionKey: "early-warning-signs", text: "A good enquiry no longer gives me any sense of satisfaction." },
        { sectionKey: "early-warning-signs", text: "I notice I'm counting down the hours rather than enjoying the teaching sessions." },
      ],
    },
  ],
  exercise: {
    title: "An interaction that stayed with you",
    promptMd: `Think of an interaction at work, with a patron or a colleague, that stayed with you afterwards. It does not need to be dramatic. Often the ones that linger are ordinary: a conversation at the desk that ended badly, a student in tears over a deadline, a regular who stopped coming in.

Write about what you noticed **in yourself** afterwards. These questions may help:

1. Briefly, what happened? A few sentences is enough; leave out anything that could identify the person.
2. What did you notice in your body, feelings or thoughts in the hours or days afterwards?
3. What did you do with those feelings? Did you talk to someone, push them aside, take them home?
4. Looking back, do you recognise a pattern from other times?

Aim for around 300–500 words. Write in whatever way feels natural: this is reflection, not an essay. Only you and your instructor will read it.

If the interaction that comes to mind feels too raw to write about, choose a different one. You do not need to revisit anything painful to do this exercise well.`,
  },
  discussionPrompt:
    "Introduce yourself: your role, the kind of library you work in, and what drew you to this course. Then share one early warning sign you are starting to recognise in yourself, in as much or as little detail as feels comfortable. Reply to at least two colleagues, perhaps noting a sign you share or something in their post that helped you see your own work differently.",
  toolkitSections: [
    {
      key: "early-warning-signs",
      title: "My early warning signs",
      prompt:
        "What tells you that work is starting to take more than it gives? Note the signs in your body, feelings, behaviour and outlook that tend to show up first for you.",
      examples: [
        "Replaying desk conversations when I'm trying to get to sleep",
        "Dreading the phone ringing on a late shift",
        "Snapping at home about small things by Thursday evening",
      ],
    },
  ],
};

const week2: SeedModule = {
  week: 2,
  title: "Burnout, vicarious (secondary) trauma and compassion fatigue",
  summaryMd:
    "Burnout, vicarious trauma and compassion fatigue overlap, but they come from different places and call for different responses. This week you will learn to tell them apart, think about what happens in you after a patron's crisis, and map what drains and restores your energy.",
  outcomeNumbers: [2],
  estimatedMinutes: 225,
  readings: [
    {
      slug: "three-kinds-of-tired",
      title: "Three kinds of tired: burnout, vicarious trauma and compassion fatigue",
      minutes: 35,
      bodyMd: `The words *burnout*, *vicarious trauma* and *compassion fatigue* are often used as if they mean the same thing. They overlap, and researchers still debate where the boundaries lie, but telling them apart is useful, because each points towards a different kind of response.

## Burnout: about the job

Burnout grows out of chronic workplace stress that has not been well managed. Christina Maslach and Michael Leiter, whose Maslach Burnout Inventory has shaped decades of research, describe three dimensions: exhaustion, cynicism or detachment from the job, and a reduced sense of effectiveness (Maslach & Leiter, 2016). The World Health Organization uses a similar three-part description, and is clear that burnout is an occupational phenomenon rather than a medical condition.

Burnout is mostly about *conditions*: too much work, too little control, unfairness, or a clash between your values and what you are asked to do. You could burn out in a job with no distressed patrons at all.

## Vicarious trauma: about what you carry

Vicarious trauma, a term introduced by Lisa McCann and Laurie Anne Pearlman (1990), describes how repeatedly hearing about or witnessing other people's trauma can gradually change the helper's inner world: their sense of safety, their trust in others, their view of how the world works. In a library, it might look like a growing sense that everyone is in danger, after months of hearing about evictions, violence or self-harm. A closely related idea, *secondary traumatic stress*, is often used interchangeably with it.

## Compassion fatigue: about caring itself

Compassion fatigue, as Charles Figley described it, is the cost of empathy itself: the exhaustion and narrowing of feeling that can follow from caring, again and again, for people who are suffering. In the ProQOL model you met last week, compassion fatigue includes both burnout and secondary traumatic stress, which is one reason the terms blur.

## A rough way to tell them apart

- **Burnout** comes mainly from how work is organised, so it responds best to changes in workload, control, fairness and support.
- **Vicarious trauma** comes from repeated exposure to other people's trauma, so debriefing, supervision, limiting exposure where possible, and support after incidents matter most.
- **Compassion fatigue** comes from sustained empathic effort, so rest, restoration, self-kindness and sharing the load help most.

Most of us experience a mix. The point is not to label yourself precisely, but to ask: *what is actually draining me, and what would genuinely help?*

## Further reading

- Maslach, C. & Leiter, M. P. (2016). Understanding the burnout experience: recent research and its implications for psychiatry. *World Psychiatry*, 15(2), 103–111. [doi:10.1002/wps.20311](https://doi.org/10.1002/wps.20311)
- World Health Organization (2019). [Burn-out an "occupational phenomenon": International Classification of Diseases](https://www.who.int/news/item/28-05-2019-burn-out-an-occupational-phenomenon-international-classification-of-diseases).
- McCann, I. L. & Pearlman, L. A. (1990). Vicarious traumatization: a framework for understanding the psychological effects of working with victims. *Journal of Traumatic Stress*, 3(1), 131–149. [doi:10.1007/BF00975140](https://doi.org/10.1007/BF00975140)`,
      suggestions: [
        { sectionKey: "drains-and-restores", text: "Drains: rota changes made without asking the people who work the desk." },
        { sectionKey: "drains-and-restores", text: "Restores: time with colleagues who understand the work without needing it explained." },
      ],
    },
    {
      slug: "when-a-crisis-comes-to-the-desk",
      title: "When a patron's crisis comes to the desk",
      minutes: 30,
      contentNote:
        "This reading describes patrons in acute distress, including mention of suicide. You may want to read it when you have some space afterwards.",
      bodyMd: `Most library staff can remember a moment when an ordinary shift suddenly changed. A patron who had been sitting quietly became very distressed. A student at the help desk said they could not see the point of carrying on. Someone arrived after being assaulted, or mentioned for the first time that they had nowhere to sleep that night.

## What happens in you

In the moment, most people shift into a practical mode: keep the person safe, follow the procedure, find a colleague, call for help. That focus is useful. The feelings often arrive later, sometimes on the journey home, sometimes days afterwards:

- replaying what was said, or what you wish you had said
- a jolt of alarm when you see someone who looks similar
- worrying about what happened to the person next
- feeling shaky, tearful, angry or oddly numb

These are common reactions to an uncommon event. They are not a sign that you handled it badly.

## Where vicarious trauma comes in

A single difficult event is hard. What slowly wears people down is repetition: hearing about one crisis after another, often without ever learning how the story ended. Over time, this is how vicarious trauma can build, quietly shifting your sense of safety or your faith in people.

## What helps afterwards

- **Follow your library's procedures** for safeguarding and incident reporting. They protect the patron and they protect you. If there are none, that is worth raising with your manager.
- **Avoid going straight back to the desk** if you can. Even ten minutes to breathe, drink some water and tell someone what happened makes a difference.
- **Talk it through** with a colleague or manager the same day, focusing on what happened and how you are, not on blame.
- **Know where your role ends.** You are not expected to be a crisis counsellor. Connecting someone to emergency services, a crisis line or a social worker *is* the help.
- **Notice if it lingers.** If the feelings are still strong after a couple of weeks, or are affecting your sleep or daily life, talk to your GP or doctor or your employee assistance programme.

If you have been affected by suicide, personally or through your work, please be especially gentle with yourself this week, and use the support resources listed on the course page whenever you need them.`,
      suggestions: [
        { sectionKey: "drains-and-restores", text: "Drains: never finding out what happened to a patron after a crisis." },
        { sectionKey: "drains-and-restores", text: "Restores: a short debrief with a colleague before I go back on the desk." },
      ],
    },
    {
      slug: "mapping-drains-and-restores",
      title: "Mapping what drains you and what restores you",
      minutes: 35,
      bodyMd: `Energy at work is not a fixed amount that simply runs down. Some parts of the day take energy; others give it back. Knowing which is which, for you in particular, is one of the most practical things you can do to protect your empathy.

## Looking beyond the obvious

Patron crises are an obvious drain. But Maslach and Leiter's research on burnout points to six areas of working life that matter just as much: **workload, control, reward, community, fairness and values**. When these are out of balance, even routine work becomes draining. When they are in good shape, people cope better with the hard moments.

In library terms, drains might include:

- a rota that keeps you on the enquiry desk for hours without a break
- being asked to enforce a policy you feel is unfair to patrons without a home
- changes imposed without consultation
- feeling that the emotional side of your work is invisible

And restores might include:

- a quiet hour of cataloguing, shelving or building a display
- a teaching session where something clicks for the students
- a colleague who asks "How was that?" after a hard conversation
- being trusted to use your own judgement

## An energy audit

For the next few working days, at the end of each shift, spend two minutes noting:

1. One moment that took energy.
2. One moment that gave energy back.
3. Which of the six areas it relates to, if any.

After three or four days, look for patterns. Many people find that what restores them is small and specific, and that some of their biggest drains are about how work is organised rather than about patrons at all.

## From audit to toolkit

Add your clearest drains and restores to the **What drains me / what restores me** section of your toolkit. Be specific: "late shifts" is less useful than "the last hour of a late shift when I'm alone on the desk". Specific drains can sometimes be changed or shared; specific restores can be planned into your week.

## Further reading

- Maslach, C. & Leiter, M. P. (2016). Understanding the burnout experience. *World Psychiatry*, 15(2), 103–111, including the six areas of worklife. [doi:10.1002/wps.20311](https://doi.org/10.1002/wps.20311)
- Kendrick, K. D. (2020). The public librarian low-morale experience: a qualitative study. *Partnership: The Canadian Journal of Library and Information Practice and Research*, 15(2). [doi:10.21083/partnership.v15i2.5932](https://doi.org/10.21083/partnership.v15i2.5932)`,
      suggestions: [
        { sectionKey: "drains-and-restores", text: "Drains: enforcing rules I don't believe are fair." },
        { sectionKey: "drains-and-restores", text: "Restores: an hour of quiet collection work after a busy desk shift." },
        { sectionKey: "drains-and-restores", text: "Drains: the last hour of a late shift when I'm alone on the desk." },
      ],
    },
  ],
  exercise: {
    title: "Sorting your own experiences",
    promptMd: `This week you have met three overlapping ideas: burnout, vicarious trauma and compassion fatigue. Now try them out on your own experience.

Choose two or three recent experiences at work that left you tired, unsettled or flat. For each one, consider:

1. Which of the three does it seem closest to: burnout, vicarious trauma or compassion fatigue? Or is it a mix?
2. Why? What about the experience points you that way: where it came from, how it felt, how long it lasted?
3. What kind of response would fit it best: a change to how work is organised, support after exposure to distress, or rest and restoration?

It is fine if your answers are tentative, or if an experience does not fit neatly. Explaining your reasoning is more useful than getting a label "right".

Aim for around 300–500 words, and leave out details that could identify patrons or colleagues. Only you and your instructor will read it.`,
  },
  discussionPrompt:
    "Which of this week's three ideas (burnout, vicarious trauma or compassion fatigue) felt most familiar from your own work, and did anything surprise you? Share one thing that drains you and one thing that restores you. Then reply to at least two colleagues: you might offer a restore that works for you, or recognise a drain you share.",
  toolkitSections: [
    {
      key: "drains-and-restores",
      title: "What drains me / what restores me",
      prompt:
        "What takes energy from you at work, and what gives it back? Be as specific as you can, so that you can plan around your drains and build in your restores.",
      examples: [
        "Drains: covering the enquiry desk alone during exam season",
        "Restores: a ten-minute walk to the park at lunchtime",
        "Drains: hearing about evictions and having very little I can do",
      ],
    },
  ],
};

const week3: SeedModule = {
  week: 3,
  title: "Self-kindness and boundaries that protect your energy",
  summaryMd:
    "Self-kindness and boundaries are not extras: they are what make long-term empathy possible. This week you will explore Kristin Neff's work on self-compassion, look at role, time and emotional boundaries in library work, and choose small practices and clear words you can use on an ordinary working day.",
  outcomeNumbers: [3],
  estimatedMinutes: 225,
  readings: [
    {
      slug: "self-kindness-not-self-indulgence",
      title: "Self-kindness is not self-indulgence",
      minutes: 35,
      bodyMd: `Many people in helping roles are far kinder to others than to themselves. After a difficult exchange at the desk, the inner voice can be harsh: "You should have handled that better." "Everyone else copes." "You're too sensitive for this job." That voice can feel as if it keeps us up to standard. In practice, it usually adds a second layer of strain to the first.

## What self-compassion means

The psychologist Kristin Neff describes self-compassion as having three parts (Neff, 2003):

- **Self-kindness**: responding to your own difficulties with warmth and understanding rather than harsh judgement.
- **Common humanity**: remembering that struggle and imperfection are part of being human, not signs that something is uniquely wrong with you.
- **Mindfulness**: noticing painful feelings clearly, without ignoring them or being swept away by them.

Research on self-compassion links it with greater wellbeing and resilience, and it does not seem to make people complacent. If anything, people who treat their mistakes kindly find it easier to look at them honestly and learn from them.

## What it sounds like at work

Imagine a colleague came to you after the same difficult exchange. You would probably not tell them they were hopeless. You might say: "That was a hard one. You stayed calm and you got him to the right service. No wonder you're rattled."

Self-kindness is offering yourself that same response. It might sound like:

- "That was difficult, and it makes sense that I feel shaken."
- "Library staff everywhere have days like this. I'm not the only one."
- "What do I need right now: a glass of water, five minutes, a word with someone?"

Neff's website offers short guided practices built around these three parts. You might try one after your next difficult shift and notice how it feels.

## It takes practice

If self-kindness feels awkward or even a little embarrassing, you are in good company. Like any habit, it grows with repetition. Start small, with one kind sentence a day, and see what changes.

## Further reading

- Kristin Neff, [self-compassion.org](https://self-compassion.org): explanations, guided practices and the Self-Compassion Scale.
- Neff, K. D. (2003). Self-compassion: an alternative conceptualization of a healthy attitude toward oneself. *Self and Identity*, 2(2), 85–101.`,
      suggestions: [
        { sectionKey: "self-kindness", text: "After a hard enquiry, say to myself: \"That was difficult, and I did what I could.\"" },
        { sectionKey: "self-kindness", text: "Ask \"What do I need right now?\" before going back on the desk." },
      ],
    },
    {
      slug: "boundaries-that-protect-energy",
      title: "Boundaries that protect your energy",
      minutes: 35,
      bodyMd: `A boundary is a line that makes clear what you will and will not do, so that you can keep doing your work well. Good boundaries are not walls. They are what make it possible to stay open and kind over years rather than months.

## Three kinds of boundary in library work

**Role boundaries** are about what is, and isn't, your job. You can help someone find the housing advice service and sit with them while they start the form. You are not their caseworker, and you cannot promise an outcome. Social work offers a helpful model here: Sara Zettervall and Mary Nienow's *Whole Person Librarianship* (2019) draws on social work practice to help library staff support patrons well without taking on roles they are not trained or resourced for.

**Time boundaries** are about how long, and when. It is reasonable to say, "I have ten minutes now, and then I need to help the next person." It is reasonable not to check work email at ten at night.

**Emotional boundaries** are about what you carry home. Caring about a patron's situation does not mean you have to hold it all evening. Some people use a small ritual at the end of a shift, such as washing their hands, changing their shoes or playing a particular song on the way home, to mark the line between work and the rest of life.

## Why boundaries feel hard

Library culture prizes helpfulness, and many of us worry that saying no will seem unkind. But a boundary held calmly and warmly is often *kinder* than over-promising. The student who hears, "I can't extend your essay deadline, but I can show you who can," is better served than one who is given false hope.

## Words that help

Boundaries are easier to hold when you have the words ready. For example:

- "I want to help with this, and the best person for it is..."
- "I can give you fifteen minutes now. Shall we start with the most urgent part?"
- "I can hear how hard this is. I'm not able to do that, but here is what I can do."
- "I need to stop here for today. Can we pick this up tomorrow?"

Notice how each one acknowledges the person, states the limit, and offers a next step. You will write your own in this week's exercise.

## Further reading

- Zettervall, S. K. & Nienow, M. C. (2019). *Whole Person Librarianship: A Social Work Approach to Patron Services.* Santa Barbara, CA: Libraries Unlimited. See also [wholepersonlibrarianship.com](https://wholepersonlibrarianship.com).`,
      suggestions: [
        { sectionKey: "boundaries", text: "\"I have ten minutes now, then I need to help the next person.\"" },
        { sectionKey: "boundaries", text: "No work email after 7pm on weekdays." },
        { sectionKey: "boundaries", text: "I refer housing questions to the advice service rather than trying to solve them myself." },
      ],
    },
    {
      slug: "small-practices-for-the-working-day",
      title: "Small practices for the working day",
      minutes: 30,
      bodyMd: `Advice about looking after yourself often assumes you have time and money for a day off or a week away. Those things are lovely, but they rarely reach the Thursday afternoon when the desk is busy and a patron has just shouted at you. What helps most is usually small, free and repeatable.

## Before a shift

- **Choose one intention.** On the way to the desk, pick one quality you want to bring: patience, curiosity, steadiness. It takes a few seconds.
- **Check your fuel.** Have you eaten? Do you have water? It sounds basic, but hunger and thirst make everything feel harder.

## During the day

- **Use the gaps.** Between patrons, let your shoulders drop and take one slow breath, letting the out-breath be a little longer than the in-breath.
- **Name the feeling.** Silently putting a word to it ("that was frustration") can create a little distance.
- **Use the handover.** When a colleague takes over the desk, swap one sentence about how it has been, not just what is outstanding.

## After something difficult

- **Step away if you can**, even for five minutes. Ask for cover; most colleagues would want you to.
- **Offer yourself a kind sentence**, like the ones in the first reading this week.
- **Write a line down** if it keeps looping: what happened, how you feel, what (if anything) needs to happen next. Then close the notebook.

## At the end of the day

- **Close the book.** Choose a small act that marks the end of work: logging off with a deliberate pause, changing your shoes, a particular route home.
- **Notice one thing that went well.** Not to cancel out the hard things, but so that they are not the only things you remember.

## Choosing what fits

You do not need all of these. Pick two or three that suit your body, your workplace and your temperament, and try them for a week. If one does not work for you, drop it without guilt and try another. Add the ones that help to the **Self-kindness practices** section of your toolkit.`,
      suggestions: [
        { sectionKey: "self-kindness", text: "One slow out-breath between patrons." },
        { sectionKey: "self-kindness", text: "Change my shoes at the end of a shift to mark the switch to home." },
        { sectionKey: "boundaries", text: "Ask for five minutes' cover after a difficult conversation." },
      ],
    },
  ],
  exercise: {
    title: "Holding one boundary",
    promptMd: `Choose **one** boundary at work that you would like to hold more consistently. It might be about your role (what you can and cannot do for a patron), your time (how long a conversation can run, or when you stop answering email), or your emotions (what you take home).

Then write the actual words you will use to hold it, as if you were saying them out loud.

These questions may help:

1. What is the boundary, and why does it matter to you and to the people you serve?
2. What usually makes it hard to hold: guilt, pressure from others, habit, worry about seeming unhelpful?
3. Write the words you will use. Try to acknowledge the person, state the limit clearly, and offer a next step.
4. How will you be kind to yourself if holding it feels uncomfortable, or does not go to plan the first time?

Aim for around 300–500 words. Only you and your instructor will read it. When you are ready, add your boundary and its words to the "Boundaries I will keep" section of your toolkit.`,
  },
  discussionPrompt:
    "What makes boundaries hard to hold in your library, and what has helped you hold one? Share a phrase you use, or would like to use, to say \"no\" or \"not now\" kindly. Then reply to at least two colleagues, perhaps offering a phrase that has worked for you or reflecting on how theirs might work in your setting.",
  toolkitSections: [
    {
      key: "self-kindness",
      title: "Self-kindness practices",
      prompt:
        "What small, realistic things can you do to treat yourself kindly during and after a hard day? Include at least one kind sentence you can say to yourself.",
      examples: [
        "Three slow breaths before I unlock the front doors",
        "\"That was hard, and I handled it as well as I could.\"",
        "Tea outside on my break, not at my desk",
      ],
    },
    {
      key: "boundaries",
      title: "Boundaries I will keep",
      prompt:
        "Which limits will help you keep caring well over time? Write each boundary together with the words you will use to hold it.",
      examples: [
        "I signpost to the housing advice team rather than trying to fix it myself",
        "\"I have ten minutes now; let's start with what's most urgent.\"",
        "I don't check the shared inbox on my days off",
      ],
    },
  ],
};

const week4: SeedModule = {
  week: 4,
  title: "Recovery and sustaining empathy: reflective practice, peer support and team culture",
  summaryMd:
    "Recovery and lasting empathy depend on habits and relationships, not willpower alone. This week you will build a realistic reflective routine, map your support network, and look at how teams can acknowledge emotional labour, finishing with one change you could propose in your own library.",
  outcomeNumbers: [4, 5],
  estimatedMinutes: 225,
  readings: [
    {
      slug: "reflective-practice",
      title: "Reflective practice: making sense rather than replaying",
      minutes: 35,
      bodyMd: `After a difficult day, many of us replay conversations on a loop. Replaying and reflecting can feel similar, but they are different. Replaying goes round in circles and often ends in self-criticism. Reflecting moves forward: it asks what happened, what it meant, and what you might do next time.

## Two ideas worth knowing

Donald Schön (1983) described how professionals learn through *reflection-in-action*, thinking on your feet while something is happening, and *reflection-on-action*, looking back afterwards to make sense of it. Both are skills that grow with practice.

Graham Gibbs (1988) offered a simple structure for reflecting on an experience, often drawn as a cycle of six stages:

1. **Description**: what happened?
2. **Feelings**: what were you thinking and feeling?
3. **Evaluation**: what went well, and what was difficult?
4. **Analysis**: what sense can you make of it? What else was going on?
5. **Conclusion**: what else could you have done, and what have you learnt?
6. **Action plan**: if this happened again, what would you do?

The feelings stage matters. In emotionally demanding work, leaving feelings out of reflection tends to push them underground, where they keep replaying.

## A routine that fits a library week

You do not need hours. A routine that works might look like this:

- **Once a week, 15 minutes**: choose one moment from the week and walk it through the six stages in a notebook.
- **After a particularly hard event**: a few lines the same day, and a fuller reflection later in the week when you feel calmer.
- **Once a term**: read back over your notes and look for patterns. Are the same situations coming up? Has anything changed?

Some people prefer to reflect out loud with a trusted colleague, or to record a voice note on the way home. The format matters less than the habit.

## Further reading

- University of Edinburgh, [Reflection Toolkit](https://reflection.ed.ac.uk): clear guidance on reflective models, including Gibbs' cycle.
- Schön, D. A. (1983). *The Reflective Practitioner: How Professionals Think in Action.* New York: Basic Books.
- Gibbs, G. (1988). *Learning by Doing: A Guide to Teaching and Learning Methods.* Oxford: Further Education Unit, Oxford Polytechnic.`,
      suggestions: [
        { sectionKey: "reflective-routine", text: "Friday afternoons, 15 minutes: walk one moment from the week through Gibbs' six stages." },
        { sectionKey: "reflective-routine", text: "After a hard event: three lines the same day, a fuller reflection later in the week." },
      ],
    },
    {
      slug: "peer-support",
      title: "Peer support: you don't have to carry it alone",
      minutes: 30,
      bodyMd: `People who feel supported by colleagues tend to cope better with the emotional demands of helping work. In one study of social workers in New York after the September 11 attacks, a supportive work environment was associated with lower levels of both secondary trauma and burnout (Boscarino, Figley & Adams, 2004). Library work is different, but the principle travels well: what we share becomes lighter.

## What peer support can look like

Peer support does not need to be formal. It can be:

- **A check-in buddy**: one colleague you agree to check in with after a difficult shift, and who knows they can do the same with you.
- **A short debrief** after an incident: ten minutes to talk through what happened, how everyone is, and what needs to happen next, without looking for fault.
- **A reflective group**: a few peers, perhaps from different libraries, who meet monthly to talk through situations using a simple structure such as Gibbs' cycle. Healthcare has a similar tradition in Schwartz Rounds, where staff from across an organisation share the emotional side of their work.
- **A professional network**: people in other libraries who understand the work, met through conferences, mailing lists or courses like this one.

## Mapping your support network

It helps to know, before you need it, who you can turn to and for what. Different people offer different kinds of support:

- someone who will **listen** without trying to fix things
- someone who offers **practical help**: cover, advice, contacts
- someone who helps you **keep perspective** and reminds you why you do this work
- someone **outside work** entirely, with whom you can talk about anything else

Beyond friends and colleagues, your network also includes your employee assistance programme, your GP or doctor, and professional supervision or counselling if you need it.

## Giving support well

If a colleague comes to you after a hard shift, you do not need perfect words. Listening, believing them and asking "What would help right now?" is usually enough. Try not to rush to reassure, or to share a worse story of your own. And remember your own limits: it is fine to help a colleague find more support than you can give.

## Further reading

- Boscarino, J. A., Figley, C. R. & Adams, R. E. (2004). Compassion fatigue following the September 11 terrorist attacks: a study of secondary trauma among New York City social workers. *International Journal of Emergency Mental Health*, 6(2), 57–66. [Free full text](https://pmc.ncbi.nlm.nih.gov/articles/PMC2713725)
- The Schwartz Center for Compassionate Healthcare, [theschwartzcenter.org](https://www.theschwartzcenter.org): background on Schwartz Rounds.`,
      suggestions: [
        { sectionKey: "support-network", text: "Check-in buddy: agree with one colleague that we message each other after a hard shift." },
        { sectionKey: "support-network", text: "Save our EAP number in my phone so it's there when I need it." },
        { sectionKey: "team-actions", text: "A ten-minute, blame-free debrief after any incident at the desk." },
      ],
    },
    {
      slug: "team-cultures-emotional-labour",
      title: "Team cultures that acknowledge emotional labour",
      minutes: 35,
      bodyMd: `Compassion fatigue is often treated as a personal problem with personal solutions: better sleep, more exercise, a thicker skin. Individual habits do matter. But much of what drains library staff comes from how work is organised, and that can only be changed together.

## Naming emotional labour

The sociologist Arlie Hochschild (1983) used the term *emotional labour* for the work of managing your own feelings to create a particular experience for others: staying calm and welcoming when a patron is abusive, or looking unhurried when the queue is long. Library staff do a great deal of it, yet it is rarely written into job descriptions, counted in statistics or discussed in team meetings.

Kaetrena Davis Kendrick's studies of low morale among academic and public librarians show how repeated, unacknowledged strain, including abuse from users and neglect within organisations, can affect people's health and careers (Kendrick, 2017; 2020). Acknowledging the emotional side of library work is not a luxury. It is part of looking after the people who do it.

## Psychological safety

Amy Edmondson's research on teams (1999) describes *psychological safety*: a shared belief that it is safe to speak up, ask for help or admit a mistake. In a psychologically safe team, a colleague can say "That conversation really shook me" without worrying that they will be seen as unable to cope. That is the ground in which peer support grows.

## Changes teams can make

Team changes do not have to be large. Some ideas to consider:

- **Rota design**: nobody on the public desk for more than two hours without a break, and a mix of public-facing and quieter work across the day.
- **A standing agenda item**: five minutes in team meetings for "what has been hard this week?"
- **Debriefs as routine**: a short, blame-free check-in after any incident, for everyone involved.
- **Clear referral routes**: an up-to-date list of local services and, where possible, a working relationship with a library social worker or outreach team, so that staff are not left to improvise.
- **Shared training**: in de-escalation, mental health awareness and trauma-informed practice, for all staff rather than just managers.
- **Making it visible**: recording the time staff spend supporting people in distress, so that it counts.

Managers have particular influence here, but anyone can propose a change. This week's exercise invites you to do exactly that.

## Further reading

- Hochschild, A. R. (1983). *The Managed Heart: Commercialization of Human Feeling.* Berkeley: University of California Press.
- Kendrick, K. D. (2017). The low morale experience of academic librarians: a phenomenological study. *Journal of Library Administration*. [doi:10.1080/01930826.2017.1368325](https://doi.org/10.1080/01930826.2017.1368325)
- Edmondson, A. (1999). Psychological safety and learning behavior in work teams. *Administrative Science Quarterly*, 44(2), 350–383. [doi:10.2307/2666999](https://doi.org/10.2307/2666999)
- The King's Fund, [What is compassionate leadership?](https://www.kingsfund.org.uk/insight-and-analysis/long-reads/what-is-compassionate-leadership)`,
      suggestions: [
        { sectionKey: "team-actions", text: "Propose a five-minute \"what's been hard this week?\" slot in our team meeting." },
        { sectionKey: "team-actions", text: "Ask for a maximum of two hours on the enquiry desk without a break." },
        { sectionKey: "team-actions", text: "Keep a shared, up-to-date list of local support services at the desk." },
      ],
    },
  ],
  exercise: {
    title: "One change for your team",
    promptMd: `Over these four weeks you have been building a personal toolkit. This final exercise looks outwards: propose **one** change your team could make to acknowledge the emotional labour of library work.

Keep it realistic. A small change that actually happens is worth more than an ambitious plan that stays on paper. It might be a new habit in team meetings, a change to the rota, a debrief routine, a referral list, or a way of recording the support work staff already do.

These questions may help:

1. What is the change, and what would it look like in practice in an ordinary week?
2. What need or pattern does it respond to? You might draw on your drains and restores, or on this week's readings.
3. Who would need to agree, and how could you raise it? What objections might come up, and how would you respond kindly?
4. How would you know, three months from now, whether it was helping?

Aim for around 300–500 words. Only you and your instructor will read it, although you may want to adapt it afterwards into something to share with your manager or team. If you manage a team yourself, consider writing it as a plan you could start next month.`,
  },
  discussionPrompt:
    "Share, in a sentence or two, the change you are proposing for your team, and one thing from your reflective routine or support network that you intend to keep going after the course ends. Then reply to at least two colleagues with encouragement, a practical idea or a question that might help their proposal take root.",
  toolkitSections: [
    {
      key: "support-network",
      title: "My support network",
      prompt:
        "Who can you turn to, and for what? Include people at work, people outside work, and professional sources of support.",
      examples: [
        "Listening ear: Priya from the Saturday team",
        "Practical help: my line manager, for cover after a difficult incident",
        "Our EAP: number saved in my phone",
      ],
    },
    {
      key: "reflective-routine",
      title: "My reflective-practice routine",
      prompt:
        "When, where and how will you reflect on your work? Keep it small enough that you will actually do it.",
      examples: [
        "Friday afternoons, 15 minutes with my notebook and Gibbs' six stages",
        "A voice note on the walk home after a hard shift",
        "Read back over my notes at the end of each term",
      ],
    },
    {
      key: "team-actions",
      title: "What my team can do",
      prompt:
        "What could your team do together to acknowledge emotional labour and support one another? Include at least one change you could propose.",
      examples: [
        "A blame-free ten-minute debrief after any incident",
        "No more than two hours on the enquiry desk without a break",
        "\"What's been hard this week?\" as a standing item in team meetings",
      ],
    },
  ],
};

export const referenceCourse: SeedCourse = {
  slug: "overcoming-compassion-fatigue",
  title: "Overcoming Compassion Fatigue in Library Work",
  summary:
    "A four-week online course that helps library staff recognise, prevent and recover from compassion fatigue, and build a personal resilience toolkit for sustaining empathy over time.",
  // Verbatim from the provider's page (three paragraphs).
  descriptionMd: [
    "Library staff often find themselves supporting people in distress, from students under pressure to community members facing housing insecurity or mental health challenges. While this caring role is central to the profession, it can take a toll. Over time, repeated exposure to others’ struggles can lead to compassion fatigue: emotional exhaustion, reduced empathy, and even questioning your professional purpose.",
    "This four-week course provides practical tools to recognize, prevent, and recover from compassion fatigue. We’ll explore the difference between burnout, secondary trauma, and compassion fatigue; introduce strategies for self-kindness and resilience; and consider how libraries can build supportive cultures that acknowledge the emotional labour of their staff.",
    "Through readings, reflective exercises, and peer asynchronous discussion, participants will create their own “resilience toolkit” to sustain empathy and protect their energy in the long term.",
  ].join("\n\n"),
  contactHours: 15,
  priceMinor: 25000,
  currency: "USD",
  // Verbatim and in order from the provider's page.
  outcomes: [
    "Recognise the signs and impacts of compassion fatigue in library work.",
    "Distinguish between burnout, vicarious trauma, and compassion fatigue.",
    "Apply self-kindness and boundary-setting strategies to protect energy.",
    "Use reflective practice and peer support tools to aid recovery.",
    "Develop personal and team approaches to sustaining empathy over time.",
  ],
  // Verbatim from "Who Should Take This Course".
  audienceMd:
    "Library staff at any level who regularly provide emotional support to patrons or colleagues, as well as managers and leaders who want to foster healthier, more sustainable team cultures.",
  providerName: PROVIDER_NAME,
  instructor: { name: INSTRUCTOR_NAME, bioMd: INSTRUCTOR_BIO_MD },
  supportResourcesMd: SUPPORT_RESOURCES_MD,
  evaluationQuestions: [],
  modules: [week1, week2, week3, week4],
};

// ---------------------------------------------------------------------------
// Second course: Leading with Kindness
// ---------------------------------------------------------------------------

const leadingWeek1: SeedModule = {
  week: 1,
  title: "Compassionate leadership and your values",
  summaryMd:
    "Compassionate leadership is a set of everyday behaviours, not a personality type. This week you will look at what compassionate leaders actually do, and name the values you want your team to see in the way you lead.",
  outcomeNumbers: [1, 2],
  estimatedMinutes: 300,
  readings: [
    {
      slug: "what-compassionate-leadership-is",
      title: "What compassionate leadership is, and isn't",
      minutes: 45,
      bodyMd: `Compassionate leadership is sometimes mistaken for being soft: avoiding hard conversations, or saying yes to everything. It is closer to the opposite. Michael West, whose work with The King's Fund has shaped thinking on this in the UK, describes four connected behaviours:

- **Attending**: being present and listening properly.
- **Understanding**: taking time to make sense of the challenges people face.
- **Empathising**: feeling alongside them, without being overwhelmed.
- **Helping**: taking thoughtful action to remove obstacles, so people can do their best work.

In a library, that might mean noticing that the evening team has dealt with three difficult incidents this month, asking what is going on, and then changing the rota, rather than sending a general wellbeing email.

**Read alongside:** The King's Fund, [What is compassionate leadership?](https://www.kingsfund.org.uk/insight-and-analysis/long-reads/what-is-compassionate-leadership) (about 20 minutes).`,
      suggestions: [
        { sectionKey: "leadership-values", text: "Attention: I listen fully before I offer solutions." },
        { sectionKey: "leadership-values", text: "Help: I fix the system, not just the symptom, when the same problem keeps coming up." },
      ],
    },
    {
      slug: "naming-your-leadership-values",
      title: "Naming your leadership values",
      minutes: 40,
      bodyMd: `Values are what you care about most in how you work with people. Most managers have them, but few have written them down, and under pressure we tend to fall back on habit rather than values.

Naming your values makes them easier to act on and easier for your team to see. A value is most useful when it is specific enough to guide a decision. "Fairness" is a start; "I share the difficult desk shifts fairly, including taking some myself" is something your team will recognise.

## Try this (about 20 minutes)

1. Think of a leader who brought out your best. What did they actually do?
2. Think of a moment when you were proud of how you led. What mattered to you then?
3. From these, choose three values. For each, write one thing you will visibly *do*.`,
      suggestions: [
        { sectionKey: "leadership-values", text: "Fairness: I take my turn on the late desk shift." },
        { sectionKey: "leadership-values", text: "Honesty: I tell the team what I know about changes as soon as I can." },
      ],
    },
  ],
  exercise: {
    title: "A leadership moment",
    promptMd: `Describe a recent decision or conversation in which your values as a leader were tested. It might be a difficult rota decision, a complaint about a colleague, or a moment when a team member was clearly struggling.

These questions may help:

1. What happened, and what did you do?
2. Which value were you drawing on, or wish you had drawn on?
3. What would attending, understanding, empathising and helping have looked like in that moment?

Aim for around 250–400 words, and leave out details that could identify the people involved. Only you and your instructor will read it.`,
  },
  discussionPrompt:
    "Share one of your leadership values and the concrete behaviour that goes with it. Then reply to at least two colleagues, perhaps asking how that value holds up on their busiest days, or offering an example from your own library.",
  toolkitSections: [
    {
      key: "leadership-values",
      title: "My leadership values",
      prompt:
        "Which values do you want to lead by? For each one, write something your team would actually see you do.",
      examples: [
        "Fairness: I share the difficult desk shifts, including taking some myself",
        "Openness: I explain the reasons behind decisions, even unpopular ones",
        "Care: I ask how people are after a hard incident, and I wait for the answer",
      ],
    },
  ],
};

const leadingWeek2: SeedModule = {
  week: 2,
  title: "Check-ins that support wellbeing",
  summaryMd:
    "Regular, kind check-ins are one of the simplest ways to notice strain early. This week you will design a check-in routine for your team and think through how to respond when someone tells you they are struggling.",
  outcomeNumbers: [3],
  estimatedMinutes: 300,
  readings: [
    {
      slug: "designing-kind-check-ins",
      title: "Designing a kind check-in",
      minutes: 45,
      bodyMd: `Regular one-to-one check-ins are one of the simplest tools a manager has. Done well, they give people a predictable space to raise workload, worries and the emotional side of their work before these build up.

A few principles help:

- **Make them regular and protected.** Fortnightly, for 20–30 minutes, and rarely cancelled: that says more than any wellbeing policy.
- **Let them set the agenda first.** Open with a question such as "What's been on your mind this week?" before your own items.
- **Ask about the work behind the work.** "Which conversations at the desk stayed with you?" invites things a task list never will.
- **End with one action each.** Something small you will do, and something they will.

Amy Edmondson's research on psychological safety suggests that people speak up when they trust it is safe to. Steady, kind check-ins are one way that trust is built.

**Read alongside:** Edmondson, A. (1999). Psychological safety and learning behavior in work teams. *Administrative Science Quarterly*, 44(2), 350–383. [doi:10.2307/2666999](https://doi.org/10.2307/2666999)`,
      suggestions: [
        { sectionKey: "team-check-ins", text: "Open every check-in with \"What's been on your mind this week?\"" },
        { sectionKey: "team-check-ins", text: "Fortnightly 30-minute check-ins: moved if I must, never cancelled." },
      ],
    },
    {
      slug: "when-someone-is-struggling",
      title: "When a team member is struggling",
      minutes: 40,
      bodyMd: `Sometimes a check-in reveals more than tiredness. A team member may tell you they are not sleeping, dread coming in, or are having a hard time outside work as well.

Your role is not to diagnose or to counsel. It is to listen, take them seriously and help them reach the right support:

- **Listen first.** Thank them for telling you, and resist the urge to fix everything at once.
- **Ask what would help at work.** Time away from the public desk, fewer late shifts or more flexible hours for a while.
- **Signpost clearly.** Share how to contact your employee assistance programme, and encourage them to talk to their GP or doctor if things are affecting daily life.
- **Agree a follow-up.** Put a date in the diary before you finish.
- **Look after yourself too.** Talk to your own manager, HR or a peer, while respecting confidentiality.

If you are ever worried about someone's immediate safety, contact emergency services or a crisis line straight away.`,
      suggestions: [
        { sectionKey: "team-check-ins", text: "Keep our EAP details in my check-in notes so I can share them straight away." },
        { sectionKey: "team-check-ins", text: "After a difficult disclosure, book a follow-up before we finish." },
      ],
    },
  ],
  exercise: {
    title: "Planning your check-ins",
    promptMd: `Design the check-in routine you will use with your team, or with one team member, over the next three months.

These questions may help:

1. How often will check-ins happen, for how long, and where or how?
2. What two or three questions will you ask to open up the emotional side of the work?
3. What is likely to get in the way, and how will you protect the time?
4. How will you respond if someone tells you they are struggling?

Aim for around 250–400 words. Only you and your instructor will read it.`,
  },
  discussionPrompt:
    "What has made check-ins genuinely useful for you, whether as a manager or as a team member? Share one question you plan to ask at your next check-in, then reply to at least two colleagues with an idea, a question or some encouragement.",
  toolkitSections: [
    {
      key: "team-check-ins",
      title: "Team check-ins",
      prompt:
        "How will you check in with your team so that workload and emotional labour can be talked about early? Note the rhythm, the questions and the follow-up.",
      examples: [
        "Fortnightly, 30 minutes, in the small meeting room rather than at my desk",
        "Opening question: \"What's been on your mind since we last spoke?\"",
        "After any incident: a check-in with everyone involved within two working days",
      ],
    },
  ],
};

export const secondCourse: SeedCourse = {
  slug: "leading-with-kindness",
  title: "Leading with Kindness: Compassionate Leadership for Library Managers",
  summary:
    "A two-week online course for library managers on compassionate leadership: naming the values you lead by and holding regular, kind check-ins that support your team's wellbeing.",
  descriptionMd: [
    "Library managers carry two kinds of responsibility: for the service their users receive, and for the people who provide it. When teams are stretched and much of the work is emotionally demanding, the way leaders listen, decide and follow up makes a real difference to whether staff thrive or quietly burn out.",
    "This two-week course treats compassionate leadership as a practical approach rather than a personality trait. Drawing on work from The King's Fund and research on psychological safety, we will look at what compassionate leaders actually do, help you name the values you want to lead by, and design regular check-ins that make it easier for team members to talk about workload and the emotional side of their work.",
    "Through short readings, reflective exercises and asynchronous discussion with other library leaders, you will build two sections of a leadership toolkit that you can put into practice straight away.",
  ].join("\n\n"),
  contactHours: 10,
  priceMinor: 18000,
  currency: "USD",
  outcomes: [
    "Explain what compassionate leadership means in a library setting and why it matters for staff wellbeing and service.",
    "Articulate your own leadership values and how they shape everyday decisions.",
    "Plan and hold regular check-ins that help team members talk about workload and emotional labour.",
  ],
  audienceMd:
    "Library managers, team leaders and supervisors at any level, including people new to managing others and those preparing to step into a leadership role. It works well on its own or as a follow-on to *Overcoming Compassion Fatigue in Library Work*.",
  providerName: PROVIDER_NAME,
  instructor: { name: INSTRUCTOR_NAME, bioMd: INSTRUCTOR_BIO_MD },
  supportResourcesMd: SUPPORT_RESOURCES_MD,
  evaluationQuestions: [],
  modules: [leadingWeek1, leadingWeek2],
};
