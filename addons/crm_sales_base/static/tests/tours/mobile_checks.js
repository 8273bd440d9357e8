/**
 * Checks of a screen at a phone's width (375 px, the Odoo mobile app's web client), shared
 * by the suite's phone-size tours: nothing off screen or cut, touch targets a finger can hit.
 */

// Platform guidelines ask 44 px (iOS) to 48 dp (Android) of a touch target.
export const TOUCH_TARGET = 44;

function visible(el) {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
}

function describe(el) {
    return `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${el.textContent.trim().slice(0, 60)}"`;
}

function visibleMatches(selector) {
    const found = [...document.querySelectorAll(selector)].filter(visible);
    if (!found.length) {
        throw new Error(`nothing visible matches ${selector}`);
    }
    return found;
}

/** The page is at a phone's width and the web client knows it (its mobile layout). */
export function assertPhone() {
    if (window.innerWidth > 400) {
        throw new Error(`the window is ${window.innerWidth} px wide, not a phone's`);
    }
    if (!document.querySelector(".o_main_navbar .o_menu_toggle")) {
        throw new Error("the web client is not in its mobile layout");
    }
}

/** No part of the page lies beyond the screen's width (no sideways scrolling). */
export function assertNoSidewaysScroll() {
    const width = document.documentElement.scrollWidth;
    if (width > window.innerWidth + 1) {
        const wide = [...document.querySelectorAll("body *")]
            .filter((el) => visible(el) && el.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(-3)
            .map(describe);
        throw new Error(`the page is ${width} px wide on a ${window.innerWidth} px screen: ${wide.join("; ")}`);
    }
}

/** Each visible match lies within the screen's width and its text is not cut (no ellipsis). */
export function assertOnScreen(selector) {
    for (const el of visibleMatches(selector)) {
        const box = el.getBoundingClientRect();
        if (box.left < -1 || box.right > window.innerWidth + 1) {
            throw new Error(`${describe(el)} runs off the screen (${box.left}..${box.right} of ${window.innerWidth} px)`);
        }
        if (el.clientWidth && el.scrollWidth > el.clientWidth + 1) {
            throw new Error(`${describe(el)} is cut: ${el.scrollWidth} px of text in ${el.clientWidth} px`);
        }
    }
}

/** Each visible match is at least a finger's size. */
export function assertTouchTargets(selector) {
    for (const el of visibleMatches(selector)) {
        const box = el.getBoundingClientRect();
        if (box.height < TOUCH_TARGET - 0.5 || box.width < TOUCH_TARGET - 0.5) {
            throw new Error(`${describe(el)} is ${box.width}x${box.height} px, under ${TOUCH_TARGET} px to touch`);
        }
    }
}
