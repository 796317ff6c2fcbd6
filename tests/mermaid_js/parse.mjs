// The real Mermaid, under jsdom: reads a JSON list of diagram texts on stdin and prints one JSON
// line per text, in order: what Mermaid's journey parser stored (title, accessible title and
// description, sections, tasks with score and actors) after the same path `mermaid.render`
// takes (front matter, directives, comments, entity codes), and the texts the rendered SVG shows.
// A text Mermaid refuses gives {"error": message}. Used by tests/mermaid_js.py.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const name of ['CSSStyleSheet', 'Element', 'HTMLElement', 'SVGElement', 'Node', 'DOMParser', 'XMLSerializer', 'MutationObserver', 'getComputedStyle', 'navigator']) {
  if (!(name in globalThis)) globalThis[name] = dom.window[name];
}
// jsdom lays nothing out: text is measured at 8 px a character, which is all the renderer needs.
window.SVGElement.prototype.getBBox = function () { return { x: 0, y: 0, width: 8 * (this.textContent || '').length, height: 16 }; };
window.SVGElement.prototype.getComputedTextLength = function () { return 8 * (this.textContent || '').length; };

const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

// Mermaid keeps entity codes (#58; #amp;) as placeholders in what it parses and turns them into
// HTML entities in the SVG; the browser shows the characters. This is that last step.
function shown(text) {
  const decoded = String(text).replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';');
  const area = document.createElement('textarea');
  area.innerHTML = decoded;
  return area.value;
}

const input = await new Promise((resolve) => {
  let data = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => { data += chunk; });
  process.stdin.on('end', () => resolve(data));
});
let counter = 0;
for (const text of JSON.parse(input)) {
  let answer;
  try {
    const db = (await mermaid.mermaidAPI.getDiagramFromText(text)).db;
    if (typeof db.getSections !== 'function') throw new Error('not a journey diagram');
    // render() parses again, this time with the front matter's title, as a page would.
    const { svg } = await mermaid.render(`cjmap${counter++}`, text);
    const holder = document.createElement('div');
    holder.innerHTML = svg;
    const tasks = db.getTasks();  // each call appends the parsed tasks again: take the last copy
    const parsed = tasks.slice(tasks.length / 2);
    answer = {
      title: db.getDiagramTitle(),
      accTitle: db.getAccTitle(),
      accDescr: db.getAccDescription(),
      sections: db.getSections(),
      tasks: parsed.map((task) => ({ section: task.section, task: task.task, score: task.score, people: task.people })),
      shown: {
        title: shown(db.getDiagramTitle()),
        sections: db.getSections().map(shown),
        tasks: parsed.map((task) => shown(task.task)),
      },
      svgText: [...holder.querySelectorAll('text')].map((node) => node.textContent),
    };
  } catch (problem) {
    answer = { error: String(problem && problem.message || problem).slice(0, 500) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
}
