"""The walkthrough library: the parts that every other part of the project imports.

Browser discovery, targets, profiles, locators, page objects, people, mail readers, captcha
strategies, and the run model with its verdicts. The suite (`steps/`), the living spec, the
tutorial and the benchmarks import it; it imports none of them.
"""
